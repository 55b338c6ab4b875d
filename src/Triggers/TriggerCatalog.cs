namespace HeatRelief.Triggers;

/// <summary>
/// Every function HeatRelief declares, with its trigger: the one table the Functions app's attributes (through the
/// constants it lists), the self-host's jobs and endpoints, the dashboard's calls and the host-parity tests all read.
/// A test checks the <c>functions.metadata</c> the Worker SDK generates against this table and the real host's rules.
/// </summary>
public static class TriggerCatalog
{
    /// <summary>The Functions host's HTTP route prefix (host.json <c>extensions.http.routePrefix</c>, "api" by default).</summary>
    public const string RoutePrefix = "api";

    public static readonly IReadOnlyList<TriggerDeclaration> All =
    [
        Timer(FunctionNames.HeatCheck, FunctionNames.HeatCheckSchedule),
        Queue(FunctionNames.FanOut, QueueNames.Alerts),
        Queue(FunctionNames.Deliver, QueueNames.Deliveries),
        Queue(FunctionNames.AssignVisit, QueueNames.VisitRequests),
        Timer(FunctionNames.Reassign, FunctionNames.ReassignSchedule),
        Timer(FunctionNames.FollowUpAcks, FunctionNames.ReassignSchedule),

        Http(RouteNames.ListOfficerVisits, "GET", RouteTemplates.OfficerVisits),
        Http(RouteNames.AcceptVisit, "POST", RouteTemplates.AcceptVisit),
        Http(RouteNames.DeclineVisit, "POST", RouteTemplates.DeclineVisit),
        Http(RouteNames.CompleteVisit, "POST", RouteTemplates.CompleteVisit),
        Http(RouteNames.ShowActionLink, "GET", RouteTemplates.ActionLink),
        Http(RouteNames.UseActionLink, "POST", RouteTemplates.ActionLink),
        Http(RouteNames.AdminMe, "GET", RouteTemplates.ManageMe),
        Http(RouteNames.AdminAudit, "GET", RouteTemplates.ManageAudit),
        Http(RouteNames.AdminAuditCsv, "GET", RouteTemplates.ManageAuditCsv),
        Http(RouteNames.AdminSummary, "GET", RouteTemplates.ManageSummary),
        Http(RouteNames.AdminSites, "GET", RouteTemplates.ManageSites),
        Http(RouteNames.AdminPoison, "GET", RouteTemplates.ManagePoison),
        Http(RouteNames.AdminReplayPoison, "POST", RouteTemplates.ManageReplayPoison),
        Http(RouteNames.AdminDiscardPoison, "POST", RouteTemplates.ManageDiscardPoison),
        Http(RouteNames.Dashboard, "GET", RouteTemplates.Dashboard),
        Http(RouteNames.CapFeed, "GET", RouteTemplates.CapFeed),
        Http(RouteNames.CapAlert, "GET", RouteTemplates.CapAlert),
        Http(RouteNames.ShowAckForm, "GET", RouteTemplates.AckForm),
        Http(RouteNames.AnswerAck, "POST", RouteTemplates.AckForm),
        Http(RouteNames.AdminAcks, "GET", RouteTemplates.ManageAcks),
        Http(RouteNames.OfficerPage, "GET", RouteTemplates.OfficerPage),
        Http(RouteNames.AdminHeatCheck, "POST", RouteTemplates.ManageHeatCheck),
        Http(RouteNames.AdminStatus, "GET", RouteTemplates.ManageStatus),
        Http(RouteNames.AdminRecipientDeliveries, "GET", RouteTemplates.ManageRecipientDeliveries),
        Http(RouteNames.AdminAlertDeliveries, "GET", RouteTemplates.ManageAlertDeliveries),
        Http(RouteNames.AdminDirectory, "GET", RouteTemplates.ManageDirectory),
        Http(RouteNames.AdminImportDirectory, "POST", RouteTemplates.ManageImportDirectory),
        Http(RouteNames.AdminSaveDirectory, "POST", RouteTemplates.ManageSaveDirectory),
        Http(RouteNames.AdminChangeDirectory, "POST", RouteTemplates.ManageChangeDirectory),
        Timer(FunctionNames.SendDigests, FunctionNames.ReassignSchedule),
    ];

    /// <summary>The HTTP functions, in declaration order.</summary>
    public static IReadOnlyList<TriggerDeclaration> HttpFunctions { get; } = [.. All.Where(t => t.Kind == TriggerKind.Http)];

    /// <summary>The declaration of one function; an unknown name is a programming error.</summary>
    public static TriggerDeclaration Named(string name) =>
        All.SingleOrDefault(t => t.Name == name) ?? throw new ArgumentException($"no function named '{name}' is declared", nameof(name));

    private static TriggerDeclaration Timer(string name, string schedule) => new(name, TriggerKind.Timer, schedule);

    private static TriggerDeclaration Queue(string name, string queue) => new(name, TriggerKind.Queue, queue);

    private static TriggerDeclaration Http(string name, string method, string template) => new(name, TriggerKind.Http, template, method);
}
