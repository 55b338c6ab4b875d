namespace HeatRelief.Visits;

/// <summary>Why a link was refused; the link pages put it in words an officer on a phone understands.</summary>
public sealed record LinkRefusal(LinkRefusalReason Reason, DateTimeOffset? ValidUntil = null);
