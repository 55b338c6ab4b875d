using HeatRelief.Sites;

namespace HeatRelief.Weather;

/// <summary>Supplies a forecast for each site (by site id).</summary>
public interface IWeatherSource
{
    /// <summary>Forecasts for the given sites; a site the source cannot cover is absent from the result.</summary>
    Task<IReadOnlyDictionary<string, LocationForecast>> GetForecastsAsync(IReadOnlyList<Site> sites, CancellationToken ct);
}
