namespace HeatRelief.Visits;

/// <summary>What one run of the reassignment timer did.</summary>
public sealed record ReassignmentRun(int Expired, int Offered, int Unassigned, int Escalated, int Renotified);
