using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HeatRelief.Storage;

namespace HeatRelief.Messaging;

/// <summary>Checks shared by every message: versions, table-key-safe ids, ISO dates.</summary>
public static partial class MessageRules
{
    /// <summary>
    /// The largest body a message may carry a snapshot in, in UTF-8 bytes: what a poison queue keeps whole, and as
    /// Base64 well inside a queue message's 64 KiB. A message whose copy of the alert or site would pass it goes
    /// with ids only, and its handler reads them back.
    /// </summary>
    public const int MaxSnapshotBodyBytes = PoisonMessages.MaxPoisonBodyBytes;

    /// <summary>Whether a message's JSON body is within <see cref="MaxSnapshotBodyBytes"/>.</summary>
    public static bool FitsWithSnapshot<T>(T message) => Encoding.UTF8.GetByteCount(MessageJson.Serialize(message)) <= MaxSnapshotBodyBytes;

    public static string? Version(int actual, int expected) =>
        actual == expected ? null : $"schemaVersion {actual} is not supported (expected {expected})";

    public static string? Key(string? value, string field) =>
        string.IsNullOrEmpty(value) ? $"{field} is required"
        : SafeKey().IsMatch(value) ? null
        : $"{field} is not a valid id";

    public static string? Date(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", out _) ? null : "date must be yyyy-MM-dd";

    /// <summary>Parses a message body, or says why it cannot be used.</summary>
    public static (T? Message, string? Problem) Parse<T>(string body)
        where T : class, IQueueMessage
    {
        try
        {
            var message = JsonSerializer.Deserialize<T>(body, MessageJson.Options);
            return message is null ? (null, "the message is empty") : (message, message.Problem());
        }
        catch (JsonException ex)
        {
            return (null, $"not a valid {typeof(T).Name}: {ex.Message}");
        }
        catch (NotSupportedException ex)
        {
            return (null, $"not a valid {typeof(T).Name}: {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            // Text that is not valid UTF-16 (a lone surrogate) cannot even be handed to the JSON reader.
            return (null, $"not a valid {typeof(T).Name}: {ex.Message}");
        }
    }

    // Ids become table keys: no '/', '\', '#', '?', control characters, and bounded length.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}\z")]
    private static partial Regex SafeKey();
}
