namespace HeatRelief.Weather;

/// <summary>One hour of a forecast, in the location's local time.</summary>
public readonly record struct HourlyReading(DateTime LocalTime, double TemperatureC, double RelativeHumidity);
