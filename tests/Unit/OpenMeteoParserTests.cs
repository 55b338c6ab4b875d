using HeatRelief.Weather;

namespace HeatRelief.Tests.Unit;

/// <summary>Open-Meteo JSON parsing and the errors it reports for bad data.</summary>
public sealed class OpenMeteoParserTests
{
    private const string Location = """
        {
          "latitude": 39.92, "longitude": 116.42, "utc_offset_seconds": 28800, "timezone": "Asia/Shanghai",
          "hourly": {
            "time": ["2026-07-15T13:00", "2026-07-15T14:00", "2026-07-15T15:00"],
            "temperature_2m": [36.1, 37.4, 36.8],
            "relative_humidity_2m": [30, 25, 27]
          },
          "daily": { "time": ["2026-07-15", "2026-07-16"], "temperature_2m_max": [37.4, 35.2] }
        }
        """;

    private static string Hourly(string time, string temperature, string humidity) =>
        "{\"hourly\":{\"time\":" + time + ",\"temperature_2m\":" + temperature + ",\"relative_humidity_2m\":" + humidity
        + "},\"daily\":{\"time\":[\"2026-07-15\"],\"temperature_2m_max\":[37.4]}}";

    [Fact]
    public void OpenMeteoParser_Parse_ReadsSingleObject()
    {
        var forecast = OpenMeteoParser.Parse(Location, "test").ShouldHaveSingleItem();

        forecast.Latitude.ShouldBe(39.92);
        forecast.Longitude.ShouldBe(116.42);
        forecast.UtcOffsetSeconds.ShouldBe(28800);
        forecast.TimeZone.ShouldBe("Asia/Shanghai");
        forecast.Hourly.ShouldBe([
            new HourlyReading(new DateTime(2026, 7, 15, 13, 0, 0), 36.1, 30),
            new HourlyReading(new DateTime(2026, 7, 15, 14, 0, 0), 37.4, 25),
            new HourlyReading(new DateTime(2026, 7, 15, 15, 0, 0), 36.8, 27),
        ]);
        forecast.Days.ShouldBe([new DateOnly(2026, 7, 15), new DateOnly(2026, 7, 16)]);
        forecast.DailyMaxC[new DateOnly(2026, 7, 16)].ShouldBe(35.2);
    }

    [Fact]
    public void OpenMeteoParser_Parse_ReadsArrayOfLocationsInOrder()
    {
        var second = Location.Replace("39.92", "40.12", StringComparison.Ordinal);

        var forecasts = OpenMeteoParser.Parse($"[{Location},{second}]", "test");

        forecasts.Select(f => f.Latitude).ShouldBe([39.92, 40.12]);
    }

    [Fact]
    public void OpenMeteoParser_Parse_DefaultsTimeZoneToGmt()
    {
        OpenMeteoParser.Parse(Hourly("[]", "[]", "[]"), "test").ShouldHaveSingleItem().TimeZone.ShouldBe("GMT");
    }

    [Fact]
    public void OpenMeteoParser_Parse_NamesMissingHourly()
    {
        var ex = Should.Throw<WeatherDataException>(() => OpenMeteoParser.Parse("""{"daily":{"time":[],"temperature_2m_max":[]}}""", "test"));

        ex.Message.ShouldBe("test location 0: 'hourly' is missing.");
    }

    [Fact]
    public void OpenMeteoParser_Parse_NamesLocationIndexOfBadEntry()
    {
        var ex = Should.Throw<WeatherDataException>(() => OpenMeteoParser.Parse($"[{Location},{{\"hourly\":null}}]", "test"));

        ex.Message.ShouldBe("test location 1: 'hourly' is missing.");
    }

    [Fact]
    public void OpenMeteoParser_Parse_RefusesHourlyArraysOfDifferentLength()
    {
        var json = Hourly("[\"2026-07-15T13:00\",\"2026-07-15T14:00\"]", "[36.1]", "[30,25]");

        var ex = Should.Throw<WeatherDataException>(() => OpenMeteoParser.Parse(json, "test"));

        ex.Message.ShouldContain("hourly arrays differ in length (2 times, 1 temperatures, 2 humidities)");
    }

    [Fact]
    public void OpenMeteoParser_Parse_SkipsHoursWithNullValues()
    {
        // A missing hour must not read as 0 C or 0 %.
        var json = Hourly("[\"2026-07-15T13:00\",\"2026-07-15T14:00\",\"2026-07-15T15:00\"]", "[36.1,null,36.8]", "[30,25,null]");

        var forecast = OpenMeteoParser.Parse(json, "test").ShouldHaveSingleItem();

        forecast.Hourly.ShouldBe([new HourlyReading(new DateTime(2026, 7, 15, 13, 0, 0), 36.1, 30)]);
    }

    [Fact]
    public void OpenMeteoParser_Parse_RefusesImpossibleHumidity()
    {
        var json = Hourly("[\"2026-07-15T13:00\"]", "[36.1]", "[150]");

        var ex = Should.Throw<WeatherDataException>(() => OpenMeteoParser.Parse(json, "test"));

        ex.Message.ShouldContain("hour 2026-07-15T13:00 has an impossible reading");
    }

    [Fact]
    public void OpenMeteoParser_Parse_RefusesImpossibleTemperature()
    {
        var json = Hourly("[\"2026-07-15T13:00\"]", "[71]", "[30]");

        Should.Throw<WeatherDataException>(() => OpenMeteoParser.Parse(json, "test")).Message.ShouldContain("impossible reading");
    }

    [Fact]
    public void OpenMeteoParser_Parse_RefusesMalformedHourTime()
    {
        var json = Hourly("[\"15/07/2026 13:00\"]", "[36.1]", "[30]");

        Should.Throw<WeatherDataException>(() => OpenMeteoParser.Parse(json, "test"))
            .Message.ShouldContain("hourly.time[0] '15/07/2026 13:00' is not yyyy-MM-ddTHH:mm");
    }

    [Fact]
    public void OpenMeteoParser_Parse_RefusesGarbageText()
    {
        var ex = Should.Throw<WeatherDataException>(() => OpenMeteoParser.Parse("<html>502 Bad Gateway</html>", "test"));

        ex.Message.ShouldStartWith("test: not valid Open-Meteo JSON");
        ex.InnerException.ShouldNotBeNull();
    }

    [Fact]
    public void OpenMeteoParser_Parse_RefusesScalarJson()
    {
        Should.Throw<WeatherDataException>(() => OpenMeteoParser.Parse("42", "test"))
            .Message.ShouldBe("test: expected a JSON object or array, got Number.");
    }

    [Fact]
    public void OpenMeteoParser_Parse_RefusesEmptyArray()
    {
        Should.Throw<WeatherDataException>(() => OpenMeteoParser.Parse("[]", "test"))
            .Message.ShouldBe("test: no locations in the response.");
    }

    [Fact]
    public void OpenMeteoParser_Parse_ReadsBundledBeijingRecording()
    {
        var path = Path.Combine(HeatRelief.Tests.Infrastructure.TestPaths.Root, "samples", "weather", "beijing-2023-06-heatwave.json");

        var forecasts = OpenMeteoParser.Parse(File.ReadAllText(path), path);

        // 17 grid cells, each 2023-06-22T00:00 to 2023-06-24T23:00 local (samples/weather/README.md).
        forecasts.Count.ShouldBe(17);
        forecasts.ShouldAllBe(f => f.Hourly.Count == 72 && f.Days.Count == 3 && f.UtcOffsetSeconds == 28800);
        var first = forecasts[0];
        first.Days.ShouldBe([new DateOnly(2023, 6, 22), new DateOnly(2023, 6, 23), new DateOnly(2023, 6, 24)]);
        first.Latitude.ShouldBe(39.92);
        first.Longitude.ShouldBe(116.42);
        first.DailyMaxC[new DateOnly(2023, 6, 22)].ShouldBe(40.1);
        first.Hourly[0].LocalTime.ShouldBe(new DateTime(2023, 6, 22, 0, 0, 0));
        first.Hourly[^1].LocalTime.ShouldBe(new DateTime(2023, 6, 24, 23, 0, 0));
    }
}
