namespace HeatRelief.Heat;

/// <summary>OSHA-NIOSH Heat Safety Tool risk band of the daily maximum heat index.</summary>
public enum HeatIndexBand
{
    Lower = 0,
    Moderate = 1,
    High = 2,
    Extreme = 3,
}
