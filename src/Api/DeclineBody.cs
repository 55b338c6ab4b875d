using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace HeatRelief.Api;

/// <summary>The body of <c>POST /api/visits/{id}/decline</c>.</summary>
public sealed record DeclineBody
{
    public required string Reason { get; init; }
}
