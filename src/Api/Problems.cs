using HeatRelief.Visits;
using Microsoft.AspNetCore.Http;

namespace HeatRelief.Api;

/// <summary>RFC 7807 problem bodies (<c>application/problem+json</c>) for every refusal the API gives.</summary>
public static class Problems
{
    public static IResult Status(int status, string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: $"https://httpstatuses.io/{status}", extensions: extensions);

    public static IResult BadRequest(string detail) => Status(StatusCodes.Status400BadRequest, "Bad request", detail);

    /// <summary>A 400 that lists its problems one by one besides the detail, for a page to show each where it belongs.</summary>
    public static IResult BadRequest(string detail, IReadOnlyDictionary<string, object?> extensions) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request", type: $"https://httpstatuses.io/{StatusCodes.Status400BadRequest}", extensions: extensions);

    public static IResult TooLarge(string detail, IReadOnlyDictionary<string, object?>? extensions = null) => Status(StatusCodes.Status413PayloadTooLarge, "Too large", detail, extensions);

    public static IResult Unauthorized(string detail) => Status(StatusCodes.Status401Unauthorized, "Sign-in required", detail);

    public static IResult Forbidden(string detail) => Status(StatusCodes.Status403Forbidden, "Not allowed", detail);

    public static IResult NotFound(string detail, IReadOnlyDictionary<string, object?>? extensions = null) => Status(StatusCodes.Status404NotFound, "Not found", detail, extensions);

    public static IResult Conflict(string detail) => Status(StatusCodes.Status409Conflict, "Not possible in the current state", detail);

    public static IResult UnsupportedMediaType(string detail) => Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail);

    public static IResult For(ActionOutcome outcome) => outcome.Kind switch
    {
        ActionResultKind.NotFound => NotFound(outcome.Detail),
        ActionResultKind.Forbidden => Forbidden(outcome.Detail),
        ActionResultKind.Conflict => Conflict(outcome.Detail),
        ActionResultKind.Invalid => BadRequest(outcome.Detail),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.Kind, "not a refusal"),
    };
}
