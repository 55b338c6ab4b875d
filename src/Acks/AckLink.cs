namespace HeatRelief.Acks;

/// <summary>The verified content of an acknowledgement link: which site and heat day, which manager, until when.</summary>
public sealed record AckLink(string SiteId, DateOnly Date, string RecipientId, DateTimeOffset Expires)
{
    /// <summary>Identifies this exact link, so it answers once.</summary>
    public string Fingerprint { get; init; } = string.Empty;

    public string DateKey => Alerts.Alert.DateKeyOf(Date);
}
