namespace HeatRelief.Warnings;

/// <summary>What decided a site's merged level for a day: the computed grade, or an official warning in force.</summary>
public enum LevelSource
{
    /// <summary>The forecast's own grade: no heat warning in force was as high.</summary>
    Forecast,

    /// <summary>An official heat warning in force, at least as high as the forecast's grade.</summary>
    Warning,
}
