namespace HeatRelief.Sites;

/// <summary>
/// A union officer who visits sites with water, mung-bean soup and medicine. <see cref="Login"/> is the
/// signed-in user name (Entra ID user principal name) that identifies the officer to the API; it defaults to the id.
/// <see cref="Digest"/> false (CSV column <c>digest</c>) opts the officer out of the daily digest.
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
    bool Removed = false,
    bool Digest = true)
{
    /// <summary>The user name the officer signs in with.</summary>
    public string SignInName => Login.Length > 0 ? Login : Id;
}
