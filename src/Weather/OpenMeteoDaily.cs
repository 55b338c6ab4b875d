using System.Text.Json.Serialization;

namespace HeatRelief.Weather;

/// <summary>The daily block of an Open-Meteo response.</summary>
public sealed class OpenMeteoDaily
{
    [JsonPropertyName("time")] public List<string>? Time { get; set; }
    [JsonPropertyName("temperature_2m_max")] public List<double?>? TemperatureMax { get; set; }
}
