using HeatRelief.Weather;

namespace HeatRelief.Tests.Unit;

/// <summary>The Open-Meteo forecast request URL.</summary>
public sealed class OpenMeteoWeatherSourceTests
{
    private static readonly ForecastCells.Cell[] Cells =
    [
        new(39.945, 116.45, ["A", "B"]),
        new(40.12346, 116.3, ["C"]),
    ];

    [Fact]
    public void OpenMeteoWeatherSource_RequestUri_ListsEveryCellAndTheFieldsHeatReliefReads()
    {
        var uri = OpenMeteoWeatherSource.RequestUri(new WeatherOptions(), Cells);

        uri.GetLeftPart(UriPartial.Path).ShouldBe("https://api.open-meteo.com/v1/forecast");
        var query = uri.Query.TrimStart('?').Split('&');
        query.ShouldBe(
        [
            "latitude=39.95,40.12",
            "longitude=116.45,116.3",
            "hourly=temperature_2m,relative_humidity_2m",
            "daily=temperature_2m_max",
            "timezone=auto",
            "forecast_days=3",
        ], ignoreOrder: true);
    }

    [Fact]
    public void OpenMeteoWeatherSource_RequestUri_KeepsBasePathAndForecastDays()
    {
        var settings = new WeatherOptions { OpenMeteoBaseUrl = "http://localhost:8080/meteo", ForecastDays = 5 };

        var uri = OpenMeteoWeatherSource.RequestUri(settings, Cells);

        uri.GetLeftPart(UriPartial.Path).ShouldBe("http://localhost:8080/meteo/v1/forecast");
        uri.Query.ShouldContain("forecast_days=5");
    }
}
