using System.Text.Json.Serialization;

namespace HeatRelief.Api;

public sealed record ClientPrincipalClaim([property: JsonPropertyName("typ")] string? Type, [property: JsonPropertyName("val")] string? Value);
