namespace HeatRelief.Acks;

/// <summary>The measures' names on the wire (form fields, table columns, audit details) and as people read them.</summary>
public static class AckMeasureWire
{
    public static readonly IReadOnlyList<AckMeasure> All = Enum.GetValues<AckMeasure>();

    public static string ToWire(this AckMeasure measure) => measure switch
    {
        AckMeasure.OutdoorWorkStopped => "outdoor-work-stopped",
        AckMeasure.HoursLimited => "hours-limited",
        AckMeasure.ShiftsShortened => "shifts-shortened",
        AckMeasure.WaterShadeRest => "water-shade-rest",
        _ => "other",
    };

    public static AckMeasure? Parse(string? wire) => All.Cast<AckMeasure?>().FirstOrDefault(m => m!.Value.ToWire() == wire);

    /// <summary>The form's label of a measure, in Chinese or English.</summary>
    public static string Label(this AckMeasure measure, string language) => (measure, language == "zh") switch
    {
        (AckMeasure.OutdoorWorkStopped, true) => "今日已停止露天作业",
        (AckMeasure.OutdoorWorkStopped, false) => "Outdoor work stopped for today",
        (AckMeasure.HoursLimited, true) => "已限制露天作业时长，并避开最热时段",
        (AckMeasure.HoursLimited, false) => "Outdoor hours limited and moved out of the hottest hours",
        (AckMeasure.ShiftsShortened, true) => "已缩短连续作业时间，轮换作业",
        (AckMeasure.ShiftsShortened, false) => "Shifts shortened and rotated",
        (AckMeasure.WaterShadeRest, true) => "已提供饮用水、遮阳和阴凉休息场所",
        (AckMeasure.WaterShadeRest, false) => "Drinking water, shade and a cool rest area provided",
        (_, true) => "其他措施",
        _ => "Other measures",
    };
}
