namespace HeatRelief.Sites;

/// <summary>Whether a lifecycle change was made, and the sentence that says what happened.</summary>
public sealed record LifecycleOutcome(bool Changed, string Message);
