namespace HeatRelief.Visits;

/// <summary>How an officer's or admin's action on a visit ended.</summary>
public enum ActionResultKind
{
    Done,
    NotFound,
    Forbidden,
    Conflict,
    Invalid,
}
