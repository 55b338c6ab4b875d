namespace HeatRelief.Triggers;

/// <summary>
/// The HTTP route templates, relative to <c>/api/</c>: constants, so the Functions app's <c>HttpTrigger</c> attributes,
/// <see cref="ApiRoutes"/> (which the self-host maps) and the tests share one declaration.
/// </summary>
/// <remarks>
/// The admins' routes live under <c>manage/</c>, not <c>admin/</c>: the Azure Functions host keeps every route that
/// starts with <c>admin</c> or <c>runtime</c> for its built-in API and refuses such a function at start-up, whatever
/// the route prefix (HostParityTests checks the generated <c>functions.metadata</c> against that rule).
/// </remarks>
public static class RouteTemplates
{
    /// <summary>The first segment of every admin route.</summary>
    public const string Manage = "manage";

    public const string OfficerVisits = "officers/{officerId}/visits";
    public const string AcceptVisit = "visits/{id}/accept";
    public const string DeclineVisit = "visits/{id}/decline";
    public const string CompleteVisit = "visits/{id}/complete";
    public const string ActionLink = "links/{token}";
    public const string ManageMe = Manage + "/me";
    public const string ManageAudit = Manage + "/audit";
    public const string ManageAuditCsv = Manage + "/audit.csv";
    public const string ManageSummary = Manage + "/summary";
    public const string ManageSites = Manage + "/sites";
    public const string ManagePoison = Manage + "/poison";
    public const string ManageReplayPoison = Manage + "/poison/{queue}/replay";
    public const string ManageDiscardPoison = Manage + "/poison/{queue}/discard";
    public const string Dashboard = "dashboard";
}
