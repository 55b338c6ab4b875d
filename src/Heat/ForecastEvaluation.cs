namespace HeatRelief.Heat;

/// <summary>
/// One graded row of <c>evaluate</c>: a site (or a location index) on one day, with where it is (the site's own
/// coordinates, else the forecast location's) and its administrative code (empty when unknown), so official warnings can
/// be matched to it.
/// </summary>
public sealed record ForecastEvaluation(string SiteId, string? SiteName, double Latitude, double Longitude, HeatGrade Grade, string Advice, string AdminCode = "");
