using System.Text.Json.Serialization;

namespace HeatRelief.Weather;

/// <summary>The hourly block of an Open-Meteo response.</summary>
public sealed class OpenMeteoHourly
{
    [JsonPropertyName("time")] public List<string>? Time { get; set; }
    [JsonPropertyName("temperature_2m")] public List<double?>? Temperature { get; set; }
    [JsonPropertyName("relative_humidity_2m")] public List<double?>? RelativeHumidity { get; set; }
}
