namespace HeatRelief.Pipeline;

/// <summary>The functions both hosts declare, by the same names.</summary>
public static class FunctionNames
{
    public const string HeatCheck = "HeatCheck";
    public const string FanOut = "FanOut";
    public const string Deliver = "Deliver";

    /// <summary>App setting holding the heat check's CRON schedule (six fields, seconds first).</summary>
    public const string HeatCheckScheduleSetting = "HEAT_CHECK_SCHEDULE";

    /// <summary>The timer attribute's schedule expression: resolved from the app setting by both hosts.</summary>
    public const string HeatCheckSchedule = "%" + HeatCheckScheduleSetting + "%";
}
