using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace HeatRelief.Api;

public sealed record ClientPrincipalClaim([property: JsonPropertyName("typ")] string? Type, [property: JsonPropertyName("val")] string? Value);
