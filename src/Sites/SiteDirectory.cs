using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using HeatRelief.Storage;

namespace HeatRelief.Sites;

/// <summary>Sites, recipients and officers in Table Storage. Recipients are partitioned by site.</summary>
public sealed class SiteDirectory(StorageClients clients)
{
    private const string SitePartition = "site";
    private const string OfficerPartition = "officer";

    public async Task<IReadOnlyList<Site>> ListSitesAsync(CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Sites, ct);
        var sites = new List<Site>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == SitePartition, cancellationToken: ct))
        {
            sites.Add(ToSite(e));
        }

        return sites;
    }

    public async Task<Site?> GetSiteAsync(string siteId, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Sites, ct);
        var e = await table.GetEntityIfExistsAsync<TableEntity>(SitePartition, siteId, cancellationToken: ct);
        return e.HasValue ? ToSite(e.Value!) : null;
    }

    /// <summary>Sites by id: one query for up to ten ids (a row-key OR filter in the sites' partition). An unknown id is left out.</summary>
    public async Task<IReadOnlyDictionary<string, Site>> GetSitesAsync(IEnumerable<string> siteIds, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Sites, ct);
        var result = new Dictionary<string, Site>(StringComparer.Ordinal);
        foreach (var ids in siteIds.Distinct(StringComparer.Ordinal).Chunk(10))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {SitePartition}") + " and ("
                + string.Join(" or ", ids.Select(id => TableClient.CreateQueryFilter($"RowKey eq {id}"))) + ")";
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                result[e.RowKey] = ToSite(e);
            }
        }

        return result;
    }

    /// <summary>Streams a site's recipients page by page, in id order, never holding them all.</summary>
    public async IAsyncEnumerable<IReadOnlyList<Recipient>> PageRecipientsAsync(string siteId, int pageSize, [EnumeratorCancellation] CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Recipients, ct);
        var pages = table.QueryAsync<TableEntity>(x => x.PartitionKey == siteId, maxPerPage: pageSize, cancellationToken: ct).AsPages();
        var buffer = new List<Recipient>(pageSize);
        await foreach (var page in pages)
        {
            foreach (var e in page.Values)
            {
                buffer.Add(ToRecipient(e));
                if (buffer.Count == pageSize)
                {
                    yield return buffer;
                    buffer = new List<Recipient>(pageSize);
                }
            }
        }

        if (buffer.Count > 0)
        {
            yield return buffer;
        }
    }

    /// <summary>The named recipients of a site, in one range query over the chunk's first to last id.</summary>
    public async Task<IReadOnlyList<Recipient>> GetRecipientsAsync(string siteId, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var table = await clients.TableAsync(TableNames.Recipients, ct);
        var found = new List<Recipient>(ids.Count);
        await foreach (var e in table.RowsByKeysAsync(siteId, ids, ct))
        {
            found.Add(ToRecipient(e));
        }

        return found;
    }

    public async Task<IReadOnlyList<Officer>> ListOfficersAsync(CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Officers, ct);
        var officers = new List<Officer>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == OfficerPartition, cancellationToken: ct))
        {
            officers.Add(ToOfficer(e));
        }

        return officers;
    }

    public async Task<Officer?> GetOfficerAsync(string officerId, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Officers, ct);
        var e = await table.GetEntityIfExistsAsync<TableEntity>(OfficerPartition, officerId, cancellationToken: ct);
        return e.HasValue ? ToOfficer(e.Value!) : null;
    }

    /// <summary>Which of the given site ids are already stored.</summary>
    public async Task<ISet<string>> ExistingSiteIdsAsync(CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Sites, ct);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == SitePartition, select: ["RowKey"], cancellationToken: ct))
        {
            ids.Add(e.RowKey);
        }

        return ids;
    }

    /// <summary>
    /// Writes sites as given, except their lifecycle: a stored removed site stays removed, and a site named in
    /// <paramref name="keepActive"/> keeps its stored active flag (an import whose file says nothing about it).
    /// </summary>
    public Task<UpsertCounts> UpsertSitesAsync(IEnumerable<Site> sites, CancellationToken ct, IReadOnlySet<string>? keepActive = null) =>
        UpsertAsync(TableNames.Sites, sites.Select(ToEntity), keepActive, ct);

    /// <inheritdoc cref="UpsertSitesAsync"/>
    public Task<UpsertCounts> UpsertRecipientsAsync(IEnumerable<Recipient> recipients, CancellationToken ct, IReadOnlySet<string>? keepActive = null) =>
        UpsertAsync(TableNames.Recipients, recipients.Select(ToEntity), keepActive, ct);

    /// <inheritdoc cref="UpsertSitesAsync"/>
    public Task<UpsertCounts> UpsertOfficersAsync(IEnumerable<Officer> officers, CancellationToken ct, IReadOnlySet<string>? keepActive = null) =>
        UpsertAsync(TableNames.Officers, officers.Select(ToEntity), keepActive, ct);

    /// <summary>Adds the sites not stored yet; a stored site is left as it is (counted unchanged), whatever the given row says.</summary>
    public Task<UpsertCounts> AddMissingSitesAsync(IEnumerable<Site> sites, CancellationToken ct) =>
        UpsertAsync(TableNames.Sites, sites.Select(ToEntity), null, ct, keepStored: true);

    /// <summary>Adds the recipients not stored yet; a stored recipient is left as it is.</summary>
    public Task<UpsertCounts> AddMissingRecipientsAsync(IEnumerable<Recipient> recipients, CancellationToken ct) =>
        UpsertAsync(TableNames.Recipients, recipients.Select(ToEntity), null, ct, keepStored: true);

    /// <summary>Adds the officers not stored yet; a stored officer is left as it is.</summary>
    public Task<UpsertCounts> AddMissingOfficersAsync(IEnumerable<Officer> officers, CancellationToken ct) =>
        UpsertAsync(TableNames.Officers, officers.Select(ToEntity), null, ct, keepStored: true);

    /// <summary>Whether no site, recipient or officer row is stored at all (whatever its state).</summary>
    public async Task<bool> IsEmptyAsync(CancellationToken ct)
    {
        foreach (var name in new[] { TableNames.Sites, TableNames.Recipients, TableNames.Officers })
        {
            var table = await clients.TableAsync(name, ct);
            await foreach (var _ in table.QueryAsync<TableEntity>(maxPerPage: 1, select: ["RowKey"], cancellationToken: ct))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every recipient with this id, at whichever sites (ids are unique per import file, not across sites).</summary>
    public async Task<IReadOnlyList<Recipient>> FindRecipientsAsync(string recipientId, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Recipients, ct);
        var found = new List<Recipient>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.RowKey == recipientId, cancellationToken: ct))
        {
            found.Add(ToRecipient(e));
        }

        return found;
    }

    /// <summary>Every recipient of every site, for the checks an import runs after writing.</summary>
    public async Task<IReadOnlyList<Recipient>> ListRecipientsAsync(CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.Recipients, ct);
        var found = new List<Recipient>();
        await foreach (var e in table.QueryAsync<TableEntity>(cancellationToken: ct))
        {
            found.Add(ToRecipient(e));
        }

        return found;
    }

    /// <summary>Sets the lifecycle columns of one stored record, leaving the rest as imported.</summary>
    public async Task SetStateAsync(DirectoryKind kind, string partitionKey, string id, bool active, bool removed, CancellationToken ct)
    {
        var table = await clients.TableAsync(kind switch
        {
            DirectoryKind.Site => TableNames.Sites,
            DirectoryKind.Recipient => TableNames.Recipients,
            _ => TableNames.Officers,
        }, ct);
        await table.UpdateEntityAsync(new TableEntity(partitionKey, id) { ["Active"] = active, ["Removed"] = removed }, ETag.All, TableUpdateMode.Merge, ct);
    }

    /// <summary>The partition a site or an officer is stored in (recipients are stored under their site).</summary>
    public static string PartitionOf(DirectoryKind kind) => kind == DirectoryKind.Site ? SitePartition : OfficerPartition;

    /// <summary>
    /// Writes only what differs from what is stored, in batches of 100 per partition; with
    /// <paramref name="keepStored"/>, only rows not stored at all.
    /// </summary>
    private async Task<UpsertCounts> UpsertAsync(string tableName, IEnumerable<TableEntity> entities, IReadOnlySet<string>? keepActive, CancellationToken ct, bool keepStored = false)
    {
        var table = await clients.TableAsync(tableName, ct);
        int added = 0, changed = 0, unchanged = 0, stillRemoved = 0;
        foreach (var partition in entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            var stored = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == partition.Key, cancellationToken: ct))
            {
                stored[e.RowKey] = e;
            }

            var writes = new List<TableTransactionAction>();
            foreach (var entity in partition)
            {
                if (!stored.TryGetValue(entity.RowKey, out var existing))
                {
                    added++;
                    writes.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
                    continue;
                }

                // Only the lifecycle commands bring a removed record back; an old file imported again does not.
                if (existing.GetBoolean("Removed") == true)
                {
                    entity["Removed"] = true;
                    entity["Active"] = false;
                    stillRemoved++;
                }
                else if (keepActive?.Contains(entity.RowKey) == true)
                {
                    entity["Active"] = existing.GetBoolean("Active") ?? true;
                }

                if (!keepStored && !SameValues(existing, entity))
                {
                    changed++;
                    writes.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
                }
                else
                {
                    unchanged++;
                }
            }

            foreach (var batch in writes.Chunk(100))
            {
                await table.SubmitTransactionAsync(batch, ct);
            }
        }

        return new UpsertCounts(added, changed, unchanged, stillRemoved);
    }

    private static bool SameValues(TableEntity stored, TableEntity candidate)
    {
        static bool IsSystem(string key) => key is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag";
        var a = stored.Where(kv => !IsSystem(kv.Key)).ToDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value, CultureInfo.InvariantCulture));
        var b = candidate.Where(kv => !IsSystem(kv.Key)).ToDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value, CultureInfo.InvariantCulture));
        // A column a newer version added (AdminCode) and an empty value are the same: re-importing the same file after
        // an upgrade changes nothing.
        return a.Keys.Union(b.Keys).All(k => (a.GetValueOrDefault(k) ?? string.Empty) == (b.GetValueOrDefault(k) ?? string.Empty));
    }

    private static TableEntity ToEntity(Site s) => new(SitePartition, s.Id)
    {
        ["Name"] = s.Name,
        ["District"] = s.District,
        ["Latitude"] = s.Latitude,
        ["Longitude"] = s.Longitude,
        ["Kind"] = s.Kind,
        ["OutdoorWorkers"] = s.OutdoorWorkers,
        ["Address"] = s.Address,
        ["AdminCode"] = s.AdminCode,
        ["Active"] = s.Active,
        ["Removed"] = s.Removed,
    };

    private static TableEntity ToEntity(Recipient r) => new(r.SiteId, r.Id)
    {
        ["Name"] = r.Name,
        ["Role"] = r.Role,
        ["Channel"] = r.Channel,
        ["Address"] = r.Address,
        ["Language"] = r.Language,
        ["QuietStart"] = r.QuietStart?.ToString("HH\\:mm", CultureInfo.InvariantCulture) ?? string.Empty,
        ["QuietEnd"] = r.QuietEnd?.ToString("HH\\:mm", CultureInfo.InvariantCulture) ?? string.Empty,
        ["Active"] = r.Active,
        ["Removed"] = r.Removed,
        ["Digest"] = r.Digest,
    };

    private static TableEntity ToEntity(Officer o) => new(OfficerPartition, o.Id)
    {
        ["Name"] = o.Name,
        ["District"] = o.District,
        ["Latitude"] = o.Latitude,
        ["Longitude"] = o.Longitude,
        ["Channel"] = o.Channel,
        ["Address"] = o.Address,
        ["MaxVisitsPerDay"] = o.MaxVisitsPerDay,
        ["Active"] = o.Active,
        ["Language"] = o.Language,
        ["Login"] = o.Login,
        ["Removed"] = o.Removed,
        ["Digest"] = o.Digest,
    };

    private static Site ToSite(TableEntity e) => new(
        e.RowKey, e.GetString("Name") ?? e.RowKey, e.GetString("District") ?? string.Empty,
        e.GetDouble("Latitude") ?? 0, e.GetDouble("Longitude") ?? 0, e.GetString("Kind") ?? string.Empty, e.GetInt32("OutdoorWorkers") ?? 0,
        e.GetString("Address") ?? string.Empty, e.GetBoolean("Active") ?? true, e.GetBoolean("Removed") ?? false,
        e.GetString("AdminCode") ?? string.Empty);

    private static Recipient ToRecipient(TableEntity e) => new(
        e.RowKey, e.PartitionKey, e.GetString("Name") ?? string.Empty, e.GetString("Role") ?? string.Empty,
        e.GetString("Channel") ?? "console", e.GetString("Address") ?? string.Empty, e.GetString("Language") ?? "zh",
        ParseTime(e.GetString("QuietStart")), ParseTime(e.GetString("QuietEnd")), e.GetBoolean("Active") ?? true, e.GetBoolean("Removed") ?? false,
        e.GetBoolean("Digest") ?? true);

    private static Officer ToOfficer(TableEntity e) => new(
        e.RowKey, e.GetString("Name") ?? e.RowKey, e.GetString("District") ?? string.Empty,
        e.GetDouble("Latitude") ?? 0, e.GetDouble("Longitude") ?? 0, e.GetString("Channel") ?? "console",
        e.GetString("Address") ?? string.Empty, e.GetInt32("MaxVisitsPerDay") ?? 1,
        e.GetBoolean("Active") ?? true, e.GetString("Language") ?? "zh", e.GetString("Login") ?? string.Empty,
        e.GetBoolean("Removed") ?? false, e.GetBoolean("Digest") ?? true);

    private static TimeOnly? ParseTime(string? value) =>
        TimeOnly.TryParseExact(value, "HH\\:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
}
