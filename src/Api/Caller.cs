namespace HeatRelief.Api;

/// <summary>A signed-in caller: a user name and the app roles they hold.</summary>
public sealed record Caller(string Name, IReadOnlySet<string> Roles)
{
    public const string OfficerRole = "officer";
    public const string AdminRole = "admin";

    public bool IsAdmin => Roles.Contains(AdminRole);

    public bool IsOfficer => Roles.Contains(OfficerRole);
}
