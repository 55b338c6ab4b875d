namespace HeatRelief.Heat;

/// <summary>The US National Weather Service heat index (Rothfusz regression with its adjustments).</summary>
public static class HeatIndex
{
    /// <summary>Heat index in degrees Fahrenheit from air temperature (F) and relative humidity (%).</summary>
    public static double Fahrenheit(double temperatureF, double relativeHumidity)
    {
        var t = temperatureF;
        var rh = Math.Clamp(relativeHumidity, 0, 100);

        // NWS: use the simple formula first; only when its average with T reaches 80 F is the regression valid.
        var simple = 0.5 * (t + 61.0 + ((t - 68.0) * 1.2) + (rh * 0.094));
        if ((simple + t) / 2.0 < 80.0)
        {
            return simple;
        }

        var hi = -42.379
            + (2.04901523 * t)
            + (10.14333127 * rh)
            - (0.22475541 * t * rh)
            - (0.00683783 * t * t)
            - (0.05481717 * rh * rh)
            + (0.00122874 * t * t * rh)
            + (0.00085282 * t * rh * rh)
            - (0.00000199 * t * t * rh * rh);

        if (rh < 13.0 && t >= 80.0 && t <= 112.0)
        {
            hi -= ((13.0 - rh) / 4.0) * Math.Sqrt((17.0 - Math.Abs(t - 95.0)) / 17.0);
        }
        else if (rh > 85.0 && t >= 80.0 && t <= 87.0)
        {
            hi += ((rh - 85.0) / 10.0) * ((87.0 - t) / 5.0);
        }

        return hi;
    }

    /// <summary>Heat index in degrees Celsius from air temperature (C) and relative humidity (%).</summary>
    public static double Celsius(double temperatureC, double relativeHumidity) =>
        FahrenheitToCelsius(Fahrenheit(CelsiusToFahrenheit(temperatureC), relativeHumidity));

    public static double CelsiusToFahrenheit(double c) => (c * 9.0 / 5.0) + 32.0;

    public static double FahrenheitToCelsius(double f) => (f - 32.0) * 5.0 / 9.0;
}
