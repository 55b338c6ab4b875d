namespace HeatRelief.Delivery;

/// <summary>A recipient's quiet window in the site's local time; it may wrap past midnight (22:00-06:00).</summary>
public static class QuietHours
{
    /// <summary>When the quiet window that contains <paramref name="utcNow"/> ends (UTC), or null when not in one.</summary>
    public static DateTimeOffset? EndsAt(TimeOnly? start, TimeOnly? end, DateTimeOffset utcNow, int utcOffsetSeconds)
    {
        if (start is not { } s || end is not { } e || s == e)
        {
            return null;
        }

        var offset = TimeSpan.FromSeconds(utcOffsetSeconds);
        var local = utcNow.ToOffset(offset);
        var now = TimeOnly.FromTimeSpan(local.TimeOfDay);
        var inside = s < e ? now >= s && now < e : now >= s || now < e;
        if (!inside)
        {
            return null;
        }

        var endToday = new DateTimeOffset(local.Date + e.ToTimeSpan(), offset);
        return endToday > local ? endToday.ToUniversalTime() : endToday.AddDays(1).ToUniversalTime();
    }
}
