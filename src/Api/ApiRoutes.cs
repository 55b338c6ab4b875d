using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using HeatRelief.Triggers;

namespace HeatRelief.Api;

/// <summary>
/// The handler of every HTTP function in <see cref="TriggerCatalog"/>: names, methods and templates come from the
/// catalog (the one declaration both hosts read); this table only says which code answers. Both hosts call the
/// same handlers; the self-host maps <see cref="All"/>, the Functions app's classes call the same services.
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = TriggerCatalog.RoutePrefix;

    private static readonly Dictionary<string, Func<HttpContext, Task<IResult>>> Handlers = new(StringComparer.Ordinal)
    {
        [RouteNames.ListOfficerVisits] = c => Api<VisitApi>(c).ListForOfficerAsync(c.Request, Route(c, "officerId"), c.RequestAborted),
        [RouteNames.AcceptVisit] = c => Api<VisitApi>(c).AcceptAsync(c.Request, Route(c, "id"), c.RequestAborted),
        [RouteNames.DeclineVisit] = c => Api<VisitApi>(c).DeclineAsync(c.Request, Route(c, "id"), c.RequestAborted),
        [RouteNames.CompleteVisit] = c => Api<VisitApi>(c).CompleteAsync(c.Request, Route(c, "id"), c.RequestAborted),
        [RouteNames.ShowActionLink] = c => Api<LinkPages>(c).ShowAsync(Route(c, "token"), c.RequestAborted),
        [RouteNames.UseActionLink] = c => Api<LinkPages>(c).ActAsync(c.Request, Route(c, "token"), c.RequestAborted),
        [RouteNames.AdminMe] = c => Task.FromResult(Api<AdminApi>(c).Me(c.Request)),
        [RouteNames.AdminAudit] = c => Api<AdminApi>(c).AuditAsync(c.Request, c.RequestAborted),
        [RouteNames.AdminAuditCsv] = c => Task.FromResult(Api<AdminApi>(c).AuditCsv(c.Request)),
        [RouteNames.AdminSummary] = c => Api<AdminApi>(c).SummaryAsync(c.Request, c.RequestAborted),
        [RouteNames.AdminSites] = c => Api<AdminApi>(c).SitesAsync(c.Request, c.RequestAborted),
        [RouteNames.AdminPoison] = c => Api<AdminApi>(c).PoisonAsync(c.Request, c.RequestAborted),
        [RouteNames.AdminReplayPoison] = c => Api<AdminApi>(c).ReplayAsync(c.Request, Route(c, "queue"), c.RequestAborted),
        [RouteNames.AdminDiscardPoison] = c => Api<AdminApi>(c).DiscardAsync(c.Request, Route(c, "queue"), c.RequestAborted),
        [RouteNames.Dashboard] = c => Task.FromResult(Api<IDashboardPage>(c).Show()),
        [RouteNames.CapFeed] = c => Api<CapFeedApi>(c).FeedAsync(c.Request, c.RequestAborted),
        [RouteNames.CapAlert] = c => Api<CapFeedApi>(c).AlertAsync(c.Request, Route(c, RouteTemplates.CapAlertParameter), c.RequestAborted),
        [RouteNames.ShowAckForm] = c => Api<AckPages>(c).ShowAsync(Route(c, "token"), c.RequestAborted),
        [RouteNames.AnswerAck] = c => Api<AckPages>(c).AnswerAsync(c.Request, Route(c, "token"), c.RequestAborted),
        [RouteNames.AdminAcks] = c => Api<AckApi>(c).DayAsync(c.Request, c.RequestAborted),
        [RouteNames.OfficerPage] = c => Api<IOfficerPage>(c).ShowAsync(c.Request, c.RequestAborted),
        [RouteNames.AdminHeatCheck] = c => Api<HeatCheckApi>(c).CheckNowAsync(c.Request),
        [RouteNames.AdminStatus] = c => Api<HeatCheckApi>(c).StatusAsync(c.Request, c.RequestAborted),
        [RouteNames.AdminRecipientDeliveries] = c => Api<DeliveryApi>(c).RecipientAsync(c.Request, c.RequestAborted),
        [RouteNames.AdminAlertDeliveries] = c => Api<DeliveryApi>(c).AlertAsync(c.Request, Route(c, "alertId"), c.RequestAborted),
        [RouteNames.AdminDirectory] = c => Api<DirectoryApi>(c).ListAsync(c.Request, Route(c, "kind"), c.RequestAborted),
        [RouteNames.AdminImportDirectory] = c => Api<DirectoryApi>(c).ImportAsync(c.Request, Route(c, "kind"), c.RequestAborted),
        [RouteNames.AdminSaveDirectory] = c => Api<DirectoryApi>(c).SaveAsync(c.Request, Route(c, "kind"), c.RequestAborted),
        [RouteNames.AdminChangeDirectory] = c => Api<DirectoryApi>(c).ChangeAsync(c.Request, Route(c, "kind"), c.RequestAborted),
    };

    /// <summary>Every HTTP function of the catalog with its handler, in the catalog's order.</summary>
    public static readonly IReadOnlyList<ApiRoute> All = Bind();

    public static ApiRoute Named(string name) => All.Single(r => r.Name == name);

    /// <summary>Pairs each declared HTTP function with its handler; a function without one, or a handler without a function, stops the start.</summary>
    private static List<ApiRoute> Bind()
    {
        var declared = TriggerCatalog.HttpFunctions;
        var unhandled = declared.Where(t => !Handlers.ContainsKey(t.Name)).Select(t => t.Name).ToList();
        var undeclared = Handlers.Keys.Where(name => declared.All(t => t.Name != name)).ToList();
        if (unhandled.Count > 0 || undeclared.Count > 0)
        {
            throw new InvalidOperationException(
                $"HTTP functions without a handler: [{string.Join(", ", unhandled)}]; handlers of no declared function: [{string.Join(", ", undeclared)}]");
        }

        return [.. declared.Select(t => new ApiRoute(t.Name, t.Method!, t.Source, Handlers[t.Name]))];
    }

    private static T Api<T>(HttpContext context)
        where T : notnull => context.RequestServices.GetRequiredService<T>();

    private static string Route(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString() ?? string.Empty;
}
