using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using HeatRelief.Storage;
using NetTopologySuite.Geometries;

namespace HeatRelief.Warnings;

/// <summary>
/// Every official message received (Warnings table, one row per sender and identifier, first copy kept): the heat check
/// builds the lifecycle from these and what the source gives now, so a warning seen once keeps counting until it is
/// cancelled, replaced or expires, even when the source later fails or drops the entry. The document is kept as JSON
/// (split over columns of at most 30,000 characters), with its key fields as columns for people reading the table.
/// </summary>
public sealed class WarningStore(StorageClients clients)
{
    private const string Partition = "cap";
    private const int ChunkChars = 30_000;
    private const int MaxChunks = 30;
    private static readonly GeometryFactory Geometry = new(new PrecisionModel(), 4326);

    /// <summary>The row key of a message: a hash of its sender and identifier (both may hold characters keys refuse).</summary>
    public static string RowKeyOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..40];

    /// <summary>Every stored message whose warning may still matter: no expiry, or an expiry after <paramref name="expiredBefore"/>.</summary>
    public async Task<IReadOnlyList<CapDocument>> ListAsync(DateTimeOffset expiredBefore, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Warnings, ct);
        var result = new List<CapDocument>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == Partition, cancellationToken: ct))
        {
            if (e.GetDateTimeOffset("Expires") is { } expires && expires < expiredBefore)
            {
                continue;
            }

            var json = string.Concat(Enumerable.Range(0, e.GetInt32("Chunks") ?? 0).Select(i => e.GetString($"Document{i}")));
            if (JsonSerializer.Deserialize<StoredDocument>(json, MessageJson.Options) is { } stored)
            {
                result.Add(FromStored(stored));
            }
        }

        return result;
    }

    /// <summary>Stores each message not stored yet (insert-if-absent; a second copy changes nothing) and returns those it added.</summary>
    public async Task<IReadOnlyList<CapDocument>> AddNewAsync(IEnumerable<CapDocument> documents, string sourceName, DateTimeOffset now, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Warnings, ct);
        var added = new List<CapDocument>();
        foreach (var document in documents.DistinctBy(d => d.Key))
        {
            var json = JsonSerializer.Serialize(ToStored(document), MessageJson.Options);
            var chunks = json.Chunk(ChunkChars).Select(c => new string(c)).ToList();
            if (chunks.Count > MaxChunks)
            {
                throw new WarningSourceException($"{document.Source}: message {document.Identifier} is too large to keep ({json.Length:N0} characters)");
            }

            var entity = new TableEntity(Partition, RowKeyOf(document.Key))
            {
                ["Sender"] = document.Sender,
                ["Identifier"] = document.Identifier,
                ["Sent"] = document.Sent,
                ["Status"] = document.Status.ToString(),
                ["MsgType"] = document.MsgType.ToString(),
                ["Expires"] = document.Infos.Any(i => i.Expires is null) ? null : document.Infos.Select(i => i.Expires).Max(),
                ["Source"] = sourceName,
                ["From"] = document.Source.Length <= 1000 ? document.Source : document.Source[..1000],
                ["ReceivedAt"] = now,
                ["Chunks"] = chunks.Count,
            };
            for (var i = 0; i < chunks.Count; i++)
            {
                entity[$"Document{i}"] = chunks[i];
            }

            try
            {
                await table.AddEntityAsync(entity, ct);
                added.Add(document);
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                // Already stored (an earlier check, or another host just now): the first copy stands.
            }
        }

        return added;
    }

    private static StoredDocument ToStored(CapDocument d) => new(
        d.Identifier, d.Sender, d.Sent, d.Status, d.MsgType,
        [.. d.References.Select(r => new StoredReference(r.Sender, r.Identifier, r.Sent))],
        [.. d.Infos.Select(i => new StoredInfo(i.Language, i.Event, [.. i.EventCodes.Select(c => new StoredValue(c.ValueName, c.Value))], i.Severity,
            i.Urgency, i.Certainty, i.Effective, i.Onset, i.Expires, i.SenderName, i.Headline, i.Description, i.Instruction,
            [.. i.Areas.Select(a => new StoredArea(a.Description,
                [.. a.Polygons.Select(p => p.Shell.Coordinates.Select(c => new[] { c.Y, c.X }).ToArray())],
                [.. a.Circles.Select(c => new StoredCircle(c.Latitude, c.Longitude, c.RadiusKm))],
                [.. a.Geocodes.Select(g => new StoredValue(g.ValueName, g.Value))]))]))],
        d.Source);

    private static CapDocument FromStored(StoredDocument d) => new(
        d.Identifier, d.Sender, d.Sent, d.Status, d.MsgType,
        [.. (d.References ?? []).Select(r => new CapReference(r.Sender, r.Identifier, r.Sent))],
        [.. (d.Infos ?? []).Select(i => new CapInfo(i.Language, i.Event, [.. (i.EventCodes ?? []).Select(c => new CapValue(c.ValueName, c.Value))], i.Severity,
            i.Urgency, i.Certainty, i.Effective, i.Onset, i.Expires, i.SenderName, i.Headline, i.Description, i.Instruction,
            [.. (i.Areas ?? []).Select(a => new CapArea(a.Description,
                [.. (a.Polygons ?? []).Select(ring => Geometry.CreatePolygon([.. ring.Select(p => new Coordinate(p[1], p[0]))]))],
                [.. (a.Circles ?? []).Select(c => new CapCircle(c.Latitude, c.Longitude, c.RadiusKm))],
                [.. (a.Geocodes ?? []).Select(g => new CapValue(g.ValueName, g.Value))]))]))],
        d.Source);

    private sealed record StoredDocument(string Identifier, string Sender, DateTimeOffset Sent, CapStatus Status, CapMessageType MsgType, List<StoredReference>? References, List<StoredInfo>? Infos, string Source);

    private sealed record StoredReference(string Sender, string Identifier, DateTimeOffset Sent);

    private sealed record StoredInfo(string Language, string Event, List<StoredValue>? EventCodes, CapSeverity Severity, string Urgency, string Certainty,
        DateTimeOffset? Effective, DateTimeOffset? Onset, DateTimeOffset? Expires, string SenderName, string Headline, string Description, string Instruction, List<StoredArea>? Areas);

    private sealed record StoredArea(string Description, List<double[][]>? Polygons, List<StoredCircle>? Circles, List<StoredValue>? Geocodes);

    private sealed record StoredCircle(double Latitude, double Longitude, double RadiusKm);

    private sealed record StoredValue(string ValueName, string Value);
}
