namespace HeatRelief.Visits;

/// <summary>The end of an action: what happened, why not when it did not, and the visit as it now stands.</summary>
public sealed record ActionOutcome(ActionResultKind Kind, string Detail, StoredVisit? Visit = null)
{
    public static ActionOutcome Done(StoredVisit visit, string detail) => new(ActionResultKind.Done, detail, visit);
}
