namespace HeatRelief.Acks;

/// <summary>What a site says it did in a heatwave, as listed on the acknowledgement form.</summary>
public enum AckMeasure
{
    /// <summary>停止露天作业: no outdoor work today (the rule at 40 °C).</summary>
    OutdoorWorkStopped,

    /// <summary>Outdoor hours limited and moved out of the hottest hours (the rule at 37-40 °C).</summary>
    HoursLimited,

    /// <summary>Shifts shortened and rotated (the rule at 35-37 °C).</summary>
    ShiftsShortened,

    /// <summary>Drinking water, shade and a cool rest area provided.</summary>
    WaterShadeRest,

    /// <summary>Something else, described in the answer's text.</summary>
    Other,
}
