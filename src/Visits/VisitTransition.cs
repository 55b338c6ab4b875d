namespace HeatRelief.Visits;

/// <summary>One step in a visit's life: who moved it where, when.</summary>
public sealed record VisitTransition(DateTimeOffset At, string From, string To, string Actor, string? OfficerId, string? Note);
