namespace HeatRelief.Triggers;

/// <summary>The names of the HTTP functions, one per route: the Functions app's function names and the self-host's endpoint names.</summary>
public static class RouteNames
{
    public const string ListOfficerVisits = "ListOfficerVisits";
    public const string AcceptVisit = "AcceptVisit";
    public const string DeclineVisit = "DeclineVisit";
    public const string CompleteVisit = "CompleteVisit";
    public const string ShowActionLink = "ShowActionLink";
    public const string UseActionLink = "UseActionLink";
    public const string AdminMe = "AdminMe";
    public const string AdminAudit = "AdminAudit";
    public const string AdminAuditCsv = "AdminAuditCsv";
    public const string AdminSummary = "AdminSummary";
    public const string AdminSites = "AdminSites";
    public const string AdminPoison = "AdminPoison";
    public const string AdminReplayPoison = "AdminReplayPoison";

    public const string AdminDiscardPoison = "AdminDiscardPoison";
    public const string Dashboard = "Dashboard";
    public const string CapFeed = "CapFeed";
    public const string CapAlert = "CapAlert";
    public const string ShowAckForm = "ShowAckForm";
    public const string AnswerAck = "AnswerAck";
    public const string AdminAcks = "AdminAcks";
    public const string OfficerPage = "OfficerPage";
    public const string AdminHeatCheck = "AdminHeatCheck";
    public const string AdminStatus = "AdminStatus";
    public const string AdminRecipientDeliveries = "AdminRecipientDeliveries";
    public const string AdminAlertDeliveries = "AdminAlertDeliveries";
    public const string AdminDirectory = "AdminDirectory";
    public const string AdminImportDirectory = "AdminImportDirectory";
    public const string AdminSaveDirectory = "AdminSaveDirectory";
    public const string AdminChangeDirectory = "AdminChangeDirectory";
}
