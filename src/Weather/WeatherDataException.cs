namespace HeatRelief.Weather;

/// <summary>Weather data that is missing, malformed or physically impossible.</summary>
public sealed class WeatherDataException(string message, Exception? inner = null) : Exception(message, inner);
