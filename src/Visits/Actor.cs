namespace HeatRelief.Visits;

/// <summary>Who is acting: an actor name for the record, and the officer whose visits they may change (null: an admin, any visit).</summary>
public sealed record Actor(string Name, string? OnlyOfficerId);
