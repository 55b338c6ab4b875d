namespace HeatRelief.Warnings;

/// <summary>One CAP <c>info</c> block (one language of a message): what happens, how bad, when, and where.</summary>
public sealed record CapInfo(
    string Language,
    string Event,
    IReadOnlyList<CapValue> EventCodes,
    CapSeverity Severity,
    string Urgency,
    string Certainty,
    DateTimeOffset? Effective,
    DateTimeOffset? Onset,
    DateTimeOffset? Expires,
    string SenderName,
    string Headline,
    string Description,
    string Instruction,
    IReadOnlyList<CapArea> Areas);
