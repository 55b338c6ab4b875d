namespace HeatRelief.Warnings;

/// <summary>Where a recorded CAP message stands once every later message has been applied.</summary>
public enum WarningState
{
    /// <summary>An Actual Alert or Update that nothing has replaced or ended.</summary>
    Active,

    /// <summary>Replaced by an Actual Update that references it.</summary>
    Superseded,

    /// <summary>Ended by an Actual Cancel that references it.</summary>
    Cancelled,

    /// <summary>Exercise, Test, System or Draft: kept as recorded, changes no level and ends nothing.</summary>
    NotActual,

    /// <summary>An Actual Cancel, Ack or Error, or a second copy of a message already recorded: no warning of its own.</summary>
    NoWarning,
}
