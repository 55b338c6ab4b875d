using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace HeatRelief.Warnings;

/// <summary>
/// Maps the alerts of QWeather's weather alert API (<c>weatheralert/v1</c>) into the CAP model, so the lifecycle and
/// the merge treat them as any CAP message: <c>id</c> is the identifier under the fixed sender <see cref="Sender"/>,
/// <c>issuedTime</c> the sent time, status Actual, <c>messageType.code</c> new/update/cancel the msgType Alert/Update/
/// Cancel and <c>messageType.supersedes</c> its references; one info in the language asked for, its event
/// <c>eventType.name</c> (<c>eventType.code</c> as an eventCode), its severity the higher of <c>severity</c> and
/// <c>color.code</c> (red Extreme, orange Severe, yellow Moderate, blue Minor), its times <c>effectiveTime</c>,
/// <c>onsetTime</c> and <c>expireTime</c> (the SDKs' field lists spell it <c>expiredTime</c>; either is read), and one
/// area: the grid cell that was asked about, so every site of that cell is covered. A malformed alert is rejected
/// naming it; it never throws.
/// </summary>
public static class QWeatherAlerts
{
    /// <summary>The CAP sender of every QWeather message: QWeather's ids are unique, and supersedes names ids only.</summary>
    public const string Sender = "qweather";

    /// <summary>How far the cell's polygon reaches past the grid lines (about 0.1 m), so a site on a line is never outside.</summary>
    private const double EdgeMargin = 1e-6;

    private static readonly GeometryFactory Geometry = new(new PrecisionModel(), 4326);
    private static readonly string[] TimeFormats = ["yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"];

    /// <summary>
    /// One alert of the answer for <paramref name="cell"/>; <paramref name="where"/> names the request (e.g.
    /// <c>QWeather 39.95,116.35</c>) and, with the alert's id or number, becomes the message's source.
    /// </summary>
    public static CapParseResult Map(JsonElement alert, int number, WarningCells.Cell cell, string language, string where)
    {
        var id = alert.ValueKind == JsonValueKind.Object && alert.TryGetProperty("id", out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? (value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()).Trim() is { Length: > 0 } text ? text : null
            : null;
        var source = id is null ? $"{where} alert {number}" : $"{where} alert {id}";
        try
        {
            if (alert.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"not an alert object but {alert.ValueKind}");
            }

            return CapParseResult.Parsed(Document(alert, id ?? throw new FormatException("no id"), cell, language, source));
        }
        catch (FormatException ex)
        {
            return CapParseResult.Rejected(source, BoundedContent.OneLine(ex.Message));
        }
    }

    /// <summary>
    /// One message per id: a warning for a county comes back for every cell asked in it, and is one warning covering
    /// all of those cells (the first copy's text, every copy's area).
    /// </summary>
    public static IReadOnlyList<CapDocument> Combine(IEnumerable<CapDocument> documents) =>
        [.. documents
            .GroupBy(d => d.Identifier, StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.First() : g.First() with
            {
                Infos = [.. g.First().Infos.Select(info => info with
                {
                    Areas = [.. g.SelectMany(d => d.Infos).SelectMany(i => i.Areas).DistinctBy(a => a.Description, StringComparer.Ordinal)],
                })],
            })];

    /// <summary>The cell as a CAP area: its square, a hair larger than the grid so its edges belong to it.</summary>
    public static CapArea Area(WarningCells.Cell cell)
    {
        double south = cell.South - EdgeMargin, north = cell.South + cell.Degrees + EdgeMargin;
        double west = cell.West - EdgeMargin, east = cell.West + cell.Degrees + EdgeMargin;
        var ring = new[] { new Coordinate(west, south), new Coordinate(east, south), new Coordinate(east, north), new Coordinate(west, north), new Coordinate(west, south) };
        var description = string.Create(CultureInfo.InvariantCulture, $"QWeather grid cell {cell.South:0.####},{cell.West:0.####} + {cell.Degrees:0.####} degrees");
        return new CapArea(description, [Geometry.CreatePolygon(ring)], [], []);
    }

    private static CapDocument Document(JsonElement alert, string id, WarningCells.Cell cell, string language, string source)
    {
        var sent = Time(alert, "issuedTime") ?? throw new FormatException("no issuedTime");
        var messageType = Object(alert, "messageType") ?? throw new FormatException("no messageType");
        var code = Text(messageType, "code") ?? throw new FormatException("no messageType.code");
        var msgType = code.ToLowerInvariant() switch
        {
            "new" => CapMessageType.Alert,
            "update" => CapMessageType.Update,
            "cancel" => CapMessageType.Cancel,
            _ => throw new FormatException($"messageType.code '{code}' is not new, update or cancel"),
        };

        // QWeather names a superseded alert by id alone; the lifecycle finds it by sender and id, so its sent time is
        // never needed. The superseding alert's own time stands in for it: the earlier message was sent no later.
        var references = Strings(messageType, "supersedes").Select(s => new CapReference(Sender, s, sent)).ToList();
        var eventType = Object(alert, "eventType") ?? throw new FormatException("no eventType");
        var eventName = Text(eventType, "name") ?? throw new FormatException("no eventType.name");
        var eventCodes = Text(eventType, "code") is { } eventCode ? new List<CapValue> { new("QWeather", eventCode) } : [];
        var severity = Severity(Text(alert, "severity"));
        if (Object(alert, "color") is { } colour && ColourSeverity(Text(colour, "code")) is { } fromColour && fromColour > severity)
        {
            severity = fromColour;
        }

        var info = new CapInfo(
            Language: language,
            Event: eventName,
            EventCodes: eventCodes,
            Severity: severity,
            Urgency: Text(alert, "urgency") ?? string.Empty,
            Certainty: Text(alert, "certainty") ?? string.Empty,
            Effective: Time(alert, "effectiveTime"),
            Onset: Time(alert, "onsetTime"),
            Expires: Time(alert, "expireTime") ?? Time(alert, "expiredTime"),
            SenderName: Text(alert, "senderName") ?? string.Empty,
            Headline: Text(alert, "headline") ?? string.Empty,
            Description: Text(alert, "description") ?? string.Empty,
            Instruction: Text(alert, "instruction") ?? string.Empty,
            Areas: [Area(cell)]);
        return new CapDocument(id, Sender, sent, CapStatus.Actual, msgType, references, [info], source);
    }

    private static CapSeverity Severity(string? text) => text?.ToLowerInvariant() switch
    {
        "extreme" => CapSeverity.Extreme,
        "severe" => CapSeverity.Severe,
        "moderate" => CapSeverity.Moderate,
        "minor" => CapSeverity.Minor,
        _ => CapSeverity.Unknown,
    };

    /// <summary>The Chinese warning colours on the CAP scale; other colours say nothing about heat.</summary>
    private static CapSeverity? ColourSeverity(string? colour) => colour?.ToLowerInvariant() switch
    {
        "red" => CapSeverity.Extreme,
        "orange" => CapSeverity.Severe,
        "yellow" => CapSeverity.Moderate,
        "blue" => CapSeverity.Minor,
        _ => null,
    };

    /// <summary>A time with its offset (<c>2025-10-24T11:19+08:00</c>, seconds optional, <c>Z</c> for UTC); null when absent or empty.</summary>
    private static DateTimeOffset? Time(JsonElement parent, string name)
    {
        if (Text(parent, name) is not { } text)
        {
            return null;
        }

        var normalized = text.EndsWith('Z') ? text[..^1] + "+00:00" : text;
        return DateTimeOffset.TryParseExact(normalized, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new FormatException($"{name}: '{BoundedContent.OneLine(text, 60)}' is not a time with its offset (e.g. 2025-10-24T11:19+08:00)");
    }

    private static JsonElement? Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static List<string> Strings(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{name} is not a list of ids");
        }

        return [.. value.EnumerateArray().Select(e => e.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? (e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).Trim()
            : throw new FormatException($"{name} holds a {e.ValueKind}, not an id")).Where(s => s.Length > 0)];
    }

    /// <summary>The trimmed text (or number) of a field; null when absent, null or empty. Any other kind of value is malformed.</summary>
    private static string? Text(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Null => null,
            _ => throw new FormatException($"{name} is a {value.ValueKind}, not a text"),
        };
        return text?.Trim() is { Length: > 0 } trimmed ? trimmed : null;
    }
}
