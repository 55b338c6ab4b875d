using System.Text.Json.Serialization;

namespace HeatRelief.Weather;

/// <summary>The subset of an Open-Meteo forecast response HeatRelief reads (one location).</summary>
public sealed class OpenMeteoResponse
{
    [JsonPropertyName("latitude")] public double Latitude { get; set; }
    [JsonPropertyName("longitude")] public double Longitude { get; set; }
    [JsonPropertyName("utc_offset_seconds")] public int UtcOffsetSeconds { get; set; }
    [JsonPropertyName("timezone")] public string? TimeZone { get; set; }
    [JsonPropertyName("hourly")] public OpenMeteoHourly? Hourly { get; set; }
    [JsonPropertyName("daily")] public OpenMeteoDaily? Daily { get; set; }
}
