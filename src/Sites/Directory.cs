
namespace HeatRelief.Sites;

/// <summary>
/// An outdoor work site that HeatRelief watches. An inactive site (a finished one) gets no heat check, alert
/// or visit; a removed one is also inactive and is kept only so its history still names it.
/// </summary>
public sealed record Site(
    string Id,
    string Name,
    string District,
    double Latitude,
    double Longitude,
    string Kind,
    int OutdoorWorkers,
    string Address = "",
    bool Active = true,
    bool Removed = false);

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

/// <summary>
/// A union officer who visits sites with water, mung-bean soup and medicine. <see cref="Login"/> is the
/// signed-in user name (Entra ID user principal name) that identifies the officer to the API; it defaults to the id.
/// </summary>
public sealed record Officer(
    string Id,
    string Name,
    string District,
    double Latitude,
    double Longitude,
    string Channel,
    string Address,
    int MaxVisitsPerDay,
    bool Active = true,
    string Language = "zh",
    string Login = "",
    bool Removed = false)
{
    /// <summary>The user name the officer signs in with.</summary>
    public string SignInName => Login.Length > 0 ? Login : Id;
}
