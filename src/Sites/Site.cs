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
