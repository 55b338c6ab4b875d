using Azure.Data.Tables;
using HeatRelief.Heat;
using HeatRelief.Storage;

namespace HeatRelief.Alerts;

/// <summary>Latest grade and alert state per site and day: HeatEvaluations, partitioned by local day.</summary>
public sealed class HeatEvaluationStore(StorageClients clients)
{
    /// <summary>A stored evaluation: the alert state and a fingerprint of the grade that produced it.</summary>
    public sealed record Stored(AlertState State, HeatLevel Level, string Fingerprint);

    public async Task<IReadOnlyDictionary<string, Stored>> ReadDayAsync(string dateKey, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.HeatEvaluations, ct);
        var result = new Dictionary<string, Stored>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == dateKey, cancellationToken: ct))
        {
            result[e.RowKey] = new Stored(
                new AlertState(HeatLevelWire.FromWire(e.GetString("AlertedLevel")), e.GetString("LastAlertId"), e.GetInt32("ClearCount") ?? 0),
                HeatLevelWire.FromWire(e.GetString("Level")),
                e.GetString("Fingerprint") ?? string.Empty);
        }

        return result;
    }

    /// <summary>Writes evaluations of one day in batches of 100 (one partition).</summary>
    public async Task WriteDayAsync(string dateKey, IReadOnlyList<(string SiteId, HeatGrade Grade, AlertState State, DateTimeOffset At)> rows, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.HeatEvaluations, ct);
        foreach (var batch in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(dateKey, r.SiteId)
            {
                ["Level"] = r.Grade.Level.ToWire(),
                ["Signal"] = r.Grade.Signal.ToWire(),
                ["MaxTemperatureC"] = r.Grade.MaxTemperatureC,
                ["MaxHeatIndexC"] = double.IsNaN(r.Grade.MaxHeatIndexC) ? null : r.Grade.MaxHeatIndexC,
                ["HeatIndexBand"] = r.Grade.HeatIndexBand.ToWire(),
                ["HottestStart"] = r.Grade.HottestWindow?.StartText,
                ["HottestEnd"] = r.Grade.HottestWindow?.EndText,
                ["Advice"] = r.Grade.Advice.ToWire(),
                ["Complete"] = r.Grade.Complete,
                ["Rule"] = r.Grade.Rule,
                ["AlertedLevel"] = r.State.AlertedLevel.ToWire(),
                ["LastAlertId"] = r.State.LastAlertId,
                ["ClearCount"] = r.State.ClearCount,
                ["EvaluatedAt"] = r.At,
                ["Fingerprint"] = Fingerprint(r.Grade),
            })), ct);
        }
    }

    /// <summary>Identifies a grade's values, so an unchanged forecast costs no write.</summary>
    public static string Fingerprint(HeatGrade g) => FormattableString.Invariant(
        $"{g.Level}|{g.Signal}|{g.MaxTemperatureC:0.0}|{g.MaxHeatIndexC:0.0}|{g.HottestWindow?.StartText}|{g.Complete}");
}
