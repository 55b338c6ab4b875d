namespace HeatRelief.Triggers;

/// <summary>The functions both hosts declare, by the same names.</summary>
public static class FunctionNames
{
    public const string HeatCheck = "HeatCheck";
    public const string FanOut = "FanOut";
    public const string Deliver = "Deliver";
    public const string AssignVisit = "AssignVisit";
    public const string Reassign = "Reassign";

    /// <summary>Follows up unanswered site acknowledgements; runs on the reassignment timer's schedule.</summary>
    public const string FollowUpAcks = "FollowUpAcks";

    /// <summary>Sends the daily digest (once per recipient and local day); runs on the reassignment timer's schedule.</summary>
    public const string SendDigests = "SendDigests";

    /// <summary>App setting holding the heat check's CRON schedule (six fields, seconds first).</summary>
    public const string HeatCheckScheduleSetting = "HEAT_CHECK_SCHEDULE";

    /// <summary>The timer attribute's schedule expression: resolved from the app setting by both hosts.</summary>
    public const string HeatCheckSchedule = "%" + HeatCheckScheduleSetting + "%";

    /// <summary>App setting holding the reassignment timer's CRON schedule.</summary>
    public const string ReassignScheduleSetting = "REASSIGN_SCHEDULE";

    public const string ReassignSchedule = "%" + ReassignScheduleSetting + "%";
}
