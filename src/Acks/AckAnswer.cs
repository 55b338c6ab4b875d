using HeatRelief.Heat;

namespace HeatRelief.Acks;

/// <summary>A site manager's answer: the measures taken, any other measure in words, and how many work outdoors now.</summary>
public sealed record AckAnswer(string RecipientId, IReadOnlyList<AckMeasure> Measures, string? Other, int OutdoorWorkersNow, DateTimeOffset At)
{
    public const int MaxOtherLength = 500;

    /// <summary>
    /// At red (40 °C or a red warning) there is no outdoor work that day: an answer that does not say outdoor work
    /// stopped, or counts anyone outdoors now, says work continues, and escalates at once.
    /// </summary>
    public bool BreaksRule(HeatLevel level) =>
        level == HeatLevel.Red && (!Measures.Contains(AckMeasure.OutdoorWorkStopped) || OutdoorWorkersNow > 0);

    /// <summary>The measures as stored and audited: wire names separated by spaces.</summary>
    public string MeasuresText => string.Join(' ', Measures.Select(m => m.ToWire()));
}
