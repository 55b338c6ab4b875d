using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace HeatRelief.Api;

/// <summary>
/// Reads request bodies strictly: JSON of bounded size, UTF-8, known fields only, required fields present;
/// forms small and few-fielded. A body that cannot be read is a problem to answer with, never an exception.
/// </summary>
public static class RequestBodies
{
    public const int MaxBytes = 64 * 1024;

    // A link's button and the sign-in form post a handful of short fields; the framework's limits are for uploads.
    private static readonly FormOptions Form = new()
    {
        ValueCountLimit = 32,
        KeyLengthLimit = 100,
        ValueLengthLimit = MaxBytes,
        MultipartBodyLengthLimit = MaxBytes,
        MultipartHeadersCountLimit = 8,
        MultipartHeadersLengthLimit = 4 * 1024,
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 8,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>The parsed body, or the problem to answer with.</summary>
    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken ct)
        where T : class
    {
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.UnsupportedMediaType("send the body as application/json"));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, Problems.BadRequest($"the body is larger than {MaxBytes} bytes"));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return (null, Problems.BadRequest($"the body is larger than {MaxBytes} bytes"));
            }
        }

        try
        {
            _ = new UTF8Encoding(false, true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            var body = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Json);
            return body is null ? (null, Problems.BadRequest("the body is empty; expected a JSON object")) : (body, null);
        }
        catch (DecoderFallbackException)
        {
            return (null, Problems.BadRequest("the body is not valid UTF-8"));
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadRequest($"the body is not a valid {typeof(T).Name.Replace("Body", string.Empty, StringComparison.Ordinal).ToLowerInvariant()} request: {ex.Message}"));
        }
    }

    /// <summary>The posted form (empty when the body is not a form), or an empty one and why the form cannot be read.</summary>
    public static async Task<(IFormCollection Form, string? Problem)> ReadFormAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return (FormCollection.Empty, null);
        }

        if (request.ContentLength > MaxBytes)
        {
            return (FormCollection.Empty, $"the form is larger than {MaxBytes} bytes");
        }

        try
        {
            return (await request.ReadFormAsync(Form, ct), null);
        }
        catch (InvalidDataException ex)
        {
            // Over a limit, a null character in a value, a multipart body without a boundary.
            return (FormCollection.Empty, $"the form cannot be read: {ex.Message}");
        }
        catch (IOException ex) when (!ct.IsCancellationRequested)
        {
            // A multipart body that ends before its closing boundary.
            return (FormCollection.Empty, $"the form cannot be read: {ex.Message}");
        }
    }
}
