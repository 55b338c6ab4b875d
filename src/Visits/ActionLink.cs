namespace HeatRelief.Visits;

/// <summary>The verified content of a one-tap link.</summary>
public sealed record ActionLink(string VisitId, string OfficerId, LinkAction Action, DateTimeOffset Expires)
{
    /// <summary>Identifies this exact link, so a used one is refused the second time.</summary>
    public string Fingerprint { get; init; } = string.Empty;
}
