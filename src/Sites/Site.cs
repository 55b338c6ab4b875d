namespace HeatRelief.Sites;

/// <summary>
/// An outdoor work site that HeatRelief watches. An inactive site (a finished one) gets no heat check, alert
/// or visit; a removed one is also inactive and is kept only so its history still names it. <see cref="AdminCode"/> is
/// its administrative division's code (GB/T 2260, e.g. 110105 for Chaoyang; empty when not known), which an official
/// warning's <c>geocode</c> can name.
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
    bool Removed = false,
    string AdminCode = "");
