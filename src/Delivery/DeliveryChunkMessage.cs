using System.Text.Json.Serialization;
using HeatRelief.Alerts;
using HeatRelief.Messaging;
using HeatRelief.Sites;
using HeatRelief.Storage;

namespace HeatRelief.Delivery;

/// <summary>
/// A chunk of one site's recipients to notify of one alert. <see cref="Alert"/> and <see cref="Site"/> are the fan-out's
/// copies of the alert and its site, so delivery reads neither back; a message without them (queued before they
/// existed, or too big with them) is delivered by reading them as before.
/// </summary>
public sealed record DeliveryChunkMessage(
    int SchemaVersion,
    string AlertId,
    string Date,
    string SiteId,
    IReadOnlyList<string> RecipientIds,
    bool Deferred = false,
    AlertSnapshot? Alert = null,
    Site? Site = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Bucket = null) : IQueueMessage
{
    public const int CurrentVersion = 1;

    /// <summary>
    /// The version of a chunk with a <see cref="Bucket"/>. A handler of the version before the split knows only
    /// <see cref="CurrentVersion"/>: it would claim and settle in the alert's own partition, find none of the bucketed
    /// rows, and send a recipient already told again, so it must refuse the message instead (to the poison queue and
    /// the audit log, where an admin sees it and replays it once every host is new).
    /// </summary>
    public const int BucketedVersion = 2;

    /// <summary>
    /// The chunk of <paramref name="recipientIds"/> for an alert, with the copies of the alert and site when they fit;
    /// <paramref name="bucket"/>: for a very large site's chunk, the bucket of the alert's Deliveries rows its recipients
    /// are recorded in (the chunk's range's, <see cref="ChunkRange"/>).
    /// </summary>
    public static DeliveryChunkMessage For(Alert alert, Site site, IReadOnlyList<string> recipientIds, int? bucket = null)
    {
        var message = new DeliveryChunkMessage(bucket is null ? CurrentVersion : BucketedVersion, alert.Id, alert.DateKey, alert.SiteId, recipientIds,
            Alert: AlertSnapshot.Of(alert), Site: site, Bucket: bucket);
        return MessageRules.FitsWithSnapshot(message) ? message : message with { Alert = null, Site = null };
    }

    public string? Problem() =>
        MessageRules.Version(SchemaVersion, Bucket is null ? CurrentVersion : BucketedVersion) ?? MessageRules.Key(AlertId, "alertId") ?? MessageRules.Date(Date)
        ?? (Bucket is < 0 or >= PartitionBuckets.Count ? $"bucket must be 0 to {PartitionBuckets.Count - 1}" : null)
        ?? MessageRules.Key(SiteId, "siteId")
        ?? (RecipientIds is null || RecipientIds.Count is 0 or > 100 ? "recipientIds must hold 1 to 100 ids" : null)
        ?? RecipientIds!.Select(id => MessageRules.Key(id, "recipientIds[]")).FirstOrDefault(p => p is not null)
        ?? Alert?.Problem(SiteId)
        ?? SiteProblem(Site, SiteId);

    private static string? SiteProblem(Site? site, string siteId) =>
        site is null ? null
        : !string.Equals(site.Id, siteId, StringComparison.Ordinal) ? $"site: id '{site.Id}' is not the message's '{siteId}'"
        : site.Name is null || site.District is null || site.Kind is null || site.Address is null || site.AdminCode is null ? "site: name, district, kind, address and adminCode are required"
        : null;
}
