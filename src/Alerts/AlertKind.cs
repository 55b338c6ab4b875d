namespace HeatRelief.Alerts;

/// <summary>How an alert changes what recipients were last told.</summary>
public enum AlertKind
{
    /// <summary>First level above none for the site and day.</summary>
    Raised,

    /// <summary>A higher level than the one already sent.</summary>
    Escalated,

    /// <summary>The heat is over for the day: one all-clear.</summary>
    Cleared,
}
