namespace HeatRelief.Heat;

/// <summary>One graded row of <c>evaluate</c>: a site (or a location index) on one day.</summary>
public sealed record ForecastEvaluation(string SiteId, string? SiteName, HeatGrade Grade, string Advice);
