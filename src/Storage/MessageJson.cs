using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HeatRelief.Storage;

/// <summary>The JSON shape of every queue message and stored detail document.</summary>
public static class MessageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        MaxDepth = 32,
    };

    /// <summary>
    /// As <see cref="Options"/>, but letters outside ASCII (Chinese) are written as they are rather than as
    /// <c>\uXXXX</c> escapes, so a person reading stored audit details or a CSV export can read them. Characters
    /// that matter to HTML (&lt; &gt; &amp; quotes) are still escaped.
    /// </summary>
    public static readonly JsonSerializerOptions Readable = new(Options)
    {
        Encoder = JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
