namespace HeatRelief.Warnings;

/// <summary>A parsed CAP 1.2 <c>alert</c> message; <see cref="Source"/> names the file or entry it came from.</summary>
public sealed record CapDocument(
    string Identifier,
    string Sender,
    DateTimeOffset Sent,
    CapStatus Status,
    CapMessageType MsgType,
    IReadOnlyList<CapReference> References,
    IReadOnlyList<CapInfo> Infos,
    string Source)
{
    /// <summary>The sender and identifier that name this message (what a later <c>references</c> entry points at).</summary>
    public string Key => CapReference.KeyOf(Sender, Identifier);
}
