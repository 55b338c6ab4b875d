using HeatRelief.Alerts;

namespace HeatRelief.FanOut;

/// <summary>
/// One alert of a work message (<see cref="AlertMessage.Alerts"/>): its id and, when the heat check sends it for the
/// first time and it fits, its copy.
/// </summary>
public sealed record AlertWork(string AlertId, AlertSnapshot? Alert = null);
