using HeatRelief.Heat;
using HeatRelief.Sites;

namespace HeatRelief.HeatCheck;

/// <summary>One site's grade for one local day, with the site's UTC offset that day.</summary>
public sealed record GradedSite(Site Site, HeatGrade Grade, int Offset);
