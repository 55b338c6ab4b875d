namespace HeatRelief.Digest;

/// <summary>One digest to send: its recipient and its lines (each of their sites, today then tomorrow).</summary>
public sealed record DigestLetter(DigestRecipient To, IReadOnlyList<DigestEntry> Entries);
