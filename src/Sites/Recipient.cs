namespace HeatRelief.Sites;

/// <summary>A person at a site who receives cooling-relief alerts, unless inactive or removed.</summary>
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
    bool Removed = false)
{
    /// <summary>The role (CSV column <c>role</c>) of a site's responsible contacts: site manager, foreman, the employer's safety officer.</summary>
    public const string ManagerRole = "manager";

    /// <summary>Answers for the site: asked to confirm its heat measures when the level reaches orange or red.</summary>
    public bool IsManager => string.Equals(Role.Trim(), ManagerRole, StringComparison.OrdinalIgnoreCase);

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
