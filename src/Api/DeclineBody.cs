namespace HeatRelief.Api;

/// <summary>The body of <c>POST /api/visits/{id}/decline</c>.</summary>
public sealed record DeclineBody
{
    public required string Reason { get; init; }
}
