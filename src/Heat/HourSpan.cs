namespace HeatRelief.Heat;

/// <summary>A run of whole local hours from <see cref="StartHour"/> up to (not including) <see cref="EndHour"/>, e.g. 11:00-16:00.</summary>
public sealed record HourSpan(int StartHour, int EndHour)
{
    /// <summary>How many hours the span covers.</summary>
    public int Hours => EndHour - StartHour;

    /// <summary>"HH:mm" of the first hour.</summary>
    public string StartText => $"{StartHour:00}:00";

    /// <summary>"HH:mm" just after the last hour; "24:00" at midnight.</summary>
    public string EndText => $"{EndHour:00}:00";
}
