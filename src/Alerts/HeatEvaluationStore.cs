using Azure.Data.Tables;
using HeatRelief.Heat;
using HeatRelief.Storage;
using HeatRelief.Warnings;

namespace HeatRelief.Alerts;

/// <summary>Latest grade and alert state per site and day: HeatEvaluations, partitioned by local day.</summary>
public sealed class HeatEvaluationStore(StorageClients clients)
{
    /// <summary>A stored evaluation: the alert state and a fingerprint of the grade that produced it.</summary>
    public sealed record Stored(AlertState State, HeatLevel Level, string Fingerprint);

    /// <summary>
    /// A site's evaluation for a day: the forecast's grade, the merged <paramref name="Level"/> (the higher of the grade
    /// and the official warnings in force), the warning it cites (null when none), and the alert state after it.
    /// </summary>
    public sealed record Row(string SiteId, HeatGrade Grade, HeatLevel Level, WarningCitation? Warning, AlertState State, DateTimeOffset At);

    /// <summary>A site's level on a day as the latest check left it, with the hottest hours ("HH:mm", the forecast's local time; null when none).</summary>
    public sealed record DayLevel(string SiteId, HeatLevel Level, string? HottestStart, string? HottestEnd);

    /// <summary>Every site's level of one day (sites never evaluated are absent), for the daily digest.</summary>
    public async Task<IReadOnlyDictionary<string, DayLevel>> ReadLevelsAsync(string dateKey, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.HeatEvaluations, ct);
        var result = new Dictionary<string, DayLevel>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == dateKey, cancellationToken: ct))
        {
            result[e.RowKey] = new DayLevel(e.RowKey, HeatLevelWire.FromWire(e.GetString("Level")), e.GetString("HottestStart"), e.GetString("HottestEnd"));
        }

        return result;
    }

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
    public async Task WriteDayAsync(string dateKey, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        var table = await clients.TableAsync(TableNames.HeatEvaluations, ct);
        foreach (var batch in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(dateKey, r))), ct);
        }
    }

    private static TableEntity ToEntity(string dateKey, Row r)
    {
        var entity = new TableEntity(dateKey, r.SiteId)
            {
                ["Level"] = r.Level.ToWire(),
                ["ForecastLevel"] = r.Grade.Level.ToWire(),
                ["LevelDecidedBy"] = (r.Warning is { DecidedLevel: true } ? LevelSource.Warning : LevelSource.Forecast).ToWire(),
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
                ["Fingerprint"] = Fingerprint(r.Grade, r.Level, r.Warning),
            };
        WarningColumns.Write(entity, r.Warning);
        return entity;
    }

    /// <summary>Identifies a grade's values and the warning merged in, so an unchanged day costs no write.</summary>
    public static string Fingerprint(HeatGrade g, HeatLevel level, WarningCitation? warning) => FormattableString.Invariant(
        $"{g.Level}|{g.Signal}|{g.MaxTemperatureC:0.0}|{g.MaxHeatIndexC:0.0}|{g.HottestWindow?.StartText}|{g.Complete}") +
        (level == g.Level && warning is null ? string.Empty : FormattableString.Invariant($"|{level}|{warning?.Sender}|{warning?.Identifier}|{warning?.DecidedLevel}"));
}
