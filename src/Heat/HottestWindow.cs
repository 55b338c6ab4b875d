namespace HeatRelief.Heat;

/// <summary>The hottest run of consecutive hours in a local day, e.g. 13:00-16:00.</summary>
public sealed record HottestWindow(TimeOnly Start, int Hours, double MeanTemperatureC)
{
    /// <summary>"HH:mm" of the first hour.</summary>
    public string StartText => Start.ToString("HH\\:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"HH:mm" just after the last hour; "24:00" when the window ends at midnight.</summary>
    public string EndText
    {
        get
        {
            var end = Start.Hour + Hours;
            return end >= 24 ? "24:00" : $"{end:00}:00";
        }
    }
}
