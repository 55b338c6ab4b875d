namespace HeatRelief.Warnings;

/// <summary>CAP 1.2 <c>msgType</c>: Alert starts a warning, Update replaces the ones it references, Cancel ends them.</summary>
public enum CapMessageType
{
    Alert,
    Update,
    Cancel,
    Ack,
    Error,
}
