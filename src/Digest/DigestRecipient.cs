namespace HeatRelief.Digest;

/// <summary>
/// Who gets one digest: a site manager (<see cref="ManagerKind"/>, a recipient id, across every site they manage) or
/// an officer with visits that day (<see cref="OfficerKind"/>). <see cref="Key"/> names them in the Digests table and
/// in the idempotency key.
/// </summary>
public sealed record DigestRecipient(string Kind, string Id, string Channel, string Address, string Language, TimeOnly? QuietStart, TimeOnly? QuietEnd)
{
    public const string ManagerKind = "manager";
    public const string OfficerKind = "officer";

    public string Key => $"{Kind}:{Id}";

    /// <summary>The key a channel's receiver uses to drop a repeat: one digest per person and local day.</summary>
    public string IdempotencyKey(DateOnly day) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"digest:{Key}:{day:yyyyMMdd}");
}
