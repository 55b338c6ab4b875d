using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HeatRelief.Api;

/// <summary>
/// The shape App Service Authentication puts in <c>X-MS-CLIENT-PRINCIPAL</c>: base64 JSON with the claims,
/// and which claim types carry the name and the roles.
/// </summary>
public sealed record ClientPrincipal(
    [property: JsonPropertyName("auth_typ")] string? AuthType,
    [property: JsonPropertyName("claims")] IReadOnlyList<ClientPrincipalClaim>? Claims,
    [property: JsonPropertyName("name_typ")] string? NameType,
    [property: JsonPropertyName("role_typ")] string? RoleType)
{
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    private static readonly JsonSerializerOptions Json = new() { MaxDepth = 8 };

    /// <summary>The caller the principal names, or null when it names nobody.</summary>
    public Caller? ToCaller()
    {
        // OfType drops null entries: JSON may hold them whatever the declared type says.
        var claims = Claims?.OfType<ClientPrincipalClaim>().ToList() ?? [];
        var nameType = string.IsNullOrEmpty(NameType) ? "name" : NameType;

        // Entra ID: name_typ names the e-mail claim, which tokens often lack; officers sign in by user principal
        // name (preferred_username), so it goes before the display name ("name"), which comes first in the token.
        var name = claims.FirstOrDefault(c => c.Type == nameType)?.Value
            ?? claims.FirstOrDefault(c => c.Type == "preferred_username")?.Value
            ?? claims.FirstOrDefault(c => c.Type == "name")?.Value;
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        // Entra ID app roles arrive as "roles" claims; role_typ names the type App Service uses for them.
        var roleTypes = new HashSet<string>(StringComparer.Ordinal) { "roles", RoleType ?? "roles" };
        var roles = claims.Where(c => roleTypes.Contains(c.Type ?? string.Empty) && !string.IsNullOrEmpty(c.Value))
            .Select(c => c.Value!).ToHashSet(StringComparer.Ordinal);
        return new Caller(name.Trim(), roles);
    }

    /// <summary>Decodes the header value, or null when it is not base64 JSON of this shape.</summary>
    public static ClientPrincipal? Decode(string value)
    {
        try
        {
            var principal = JsonSerializer.Deserialize<ClientPrincipal>(Encoding.UTF8.GetString(Convert.FromBase64String(value)), Json);

            // JSON allows a null claim; every reader of the claims would then throw instead of refusing.
            return principal?.Claims is { } claims && claims.Any(c => c is null)
                ? principal with { Claims = [.. claims.Where(c => c is not null)] }
                : principal;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or DecoderFallbackException)
        {
            return null;
        }
    }

    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, Json)));

    public static ClientPrincipal For(string name, IEnumerable<string> roles, DateTimeOffset? expires = null) => new(
        "heatrelief-dev",
        [new("name", name), .. roles.Select(r => new ClientPrincipalClaim("roles", r)), .. expires is { } e ? [new ClientPrincipalClaim("exp", e.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture))] : Array.Empty<ClientPrincipalClaim>()],
        "name",
        "roles");
}
