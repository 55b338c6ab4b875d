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

    /// <summary>A site manager's acknowledgement form (the token is the signed link).</summary>
    public const string AckForm = "acks/{token}";

    /// <summary>The compliance view: the sites asked to confirm their heat measures on a day, and their answers.</summary>
    public const string ManageAcks = Manage + "/acks";
    public const string ManageMe = Manage + "/me";
    public const string ManageAudit = Manage + "/audit";
    public const string ManageAuditCsv = Manage + "/audit.csv";
    public const string ManageSummary = Manage + "/summary";
    public const string ManageSites = Manage + "/sites";
    public const string ManagePoison = Manage + "/poison";
    public const string ManageReplayPoison = Manage + "/poison/{queue}/replay";
    public const string ManageDiscardPoison = Manage + "/poison/{queue}/discard";
    public const string Dashboard = "dashboard";

    /// <summary>The Atom feed of HeatRelief's own alerts, each entry linking to its CAP 1.2 document.</summary>
    public const string CapFeed = "cap/alerts.atom";

    /// <summary>
    /// One alert as a CAP 1.2 document. A complex segment (parameter and literal in one segment): both hosts route
    /// with ASP.NET Core's template parser, which matches the literal <c>.xml</c> from the right, so an id with dots still works.
    /// </summary>
    public const string CapAlert = "cap/alerts/{" + CapAlertParameter + "}.xml";

    /// <summary>The route value of <see cref="CapAlert"/> that names the alert.</summary>
    public const string CapAlertParameter = "alertId";

    /// <summary>The signed-in officer's own page: today's and tomorrow's visits, with accept, decline and report done.</summary>
    public const string OfficerPage = "officer";

    /// <summary>Runs a heat check now (POST); refused with 409 while one runs.</summary>
    public const string ManageHeatCheck = Manage + "/heat-check";

    /// <summary>When the last heat check ran and whether its forecast or warnings source failed.</summary>
    public const string ManageStatus = Manage + "/status";

    /// <summary>Who got what: recipients by id or name (<c>?recipient=</c>) with every alert they were sent.</summary>
    public const string ManageRecipientDeliveries = Manage + "/deliveries";

    /// <summary>One alert's recipients with their status.</summary>
    public const string ManageAlertDeliveries = Manage + "/alerts/{alertId}/deliveries";

    /// <summary>
    /// The directory's records of one kind (site, recipient, officer), for the dashboard's management. Not the bare
    /// <c>directory/{kind}</c>: a POST to <c>directory/./import</c> (the client drops the dot segment) would then name it
    /// and be answered 405 with no body, where every other route answers a path of nothing with a 404 problem.
    /// </summary>
    public const string ManageDirectory = Manage + "/directory/{kind}/records";
    public const string ManageImportDirectory = Manage + "/directory/{kind}/import";
    public const string ManageSaveDirectory = Manage + "/directory/{kind}/save";
    public const string ManageChangeDirectory = Manage + "/directory/{kind}/state";
}
