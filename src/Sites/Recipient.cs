namespace HeatRelief.Sites;

/// <summary>
/// A person at a site who receives cooling-relief alerts, unless inactive or removed. <see cref="Digest"/> false (CSV
/// column <c>digest</c>) opts a manager out of the daily digest; alerts still reach them.
/// </summary>
public sealed record Recipient(
    string Id,
    string SiteId,
    string Name,
    string Role,
    string Channel,
    string Address,
    string Language,
    TimeOnly? QuietStart,
    TimeOnly? QuietEnd,
    bool Active = true,
    bool Removed = false,
    bool Digest = true)
{
    /// <summary>The role (CSV column <c>role</c>) of a site's responsible contacts.</summary>
    public const string ManagerRole = "manager";

    /// <summary>
    /// The roles that answer for a site: <c>manager</c>, and the spellings campaigns already use for the same people
    /// (site manager, foreman, the employer's safety officer). Compared without case.
    /// </summary>
    public static readonly IReadOnlySet<string> ManagerRoles = new HashSet<string>(["manager", "site-manager", "foreman", "safety-officer"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Answers for the site: asked to confirm its heat measures when the level reaches orange or red.</summary>
    public bool IsManager => ManagerRoles.Contains(Role.Trim());

    /// <summary>
    /// Who a notification reaches: channel and address, compared without case for e-mail and without spaces
    /// and dashes for a phone, so one person listed twice is told once.
    /// </summary>
    public string ContactKey => ContactKeyOf(Channel, Address);

    public static string ContactKeyOf(string channel, string address) => channel switch
    {
        Notifications.Channels.Email => $"{channel}:{address.Trim().ToLowerInvariant()}",
        Notifications.Channels.Console => $"{channel}:{string.Concat(address.Where(c => c is not (' ' or '-')))}",
        _ => $"{channel}:{address.Trim()}",
    };
}
