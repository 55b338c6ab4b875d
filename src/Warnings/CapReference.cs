namespace HeatRelief.Warnings;

/// <summary>
/// One entry of CAP <c>references</c>: the <c>sender,identifier,sent</c> triple of an earlier message. CAP makes an
/// identifier unique per sender, so <see cref="Key"/> (sender and identifier) is what finds the earlier message.
/// </summary>
public sealed record CapReference(string Sender, string Identifier, DateTimeOffset Sent)
{
    /// <summary>The sender and identifier that name a message.</summary>
    public string Key => KeyOf(Sender, Identifier);

    public static string KeyOf(string sender, string identifier) => sender + "\n" + identifier;
}
