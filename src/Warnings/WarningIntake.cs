using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HeatRelief.Audit;
using HeatRelief.Notifications;
using HeatRelief.Sites;
using Microsoft.Extensions.Logging;

namespace HeatRelief.Warnings;

/// <summary>
/// The heat check's read of official warnings: ask the source, keep each new message (<see cref="WarningStore"/>), audit
/// it once (<c>warning.received</c>, <c>warning.updated</c>, <c>warning.cancelled</c>) and each rejected entry once a
/// day (<c>warning.rejected</c>), and build the lifecycle over everything stored. A failing source is audited
/// (<c>warning.source-failed</c>) and told to the admins like a failing forecast; the stored warnings still count and
/// nothing is cleared.
/// </summary>
public sealed partial class WarningIntake(IWarningSource source, WarningStore store, HeatClassifier classifier, AuditLog audit, AdminNotices admins, LocalTimeText localTime, ILogger<WarningIntake> logger)
{
    /// <summary>How long after its expiry a stored message is still read (a late Update or Cancel may reference it).</summary>
    public static readonly TimeSpan KeepAfterExpiry = TimeSpan.FromDays(2);

    /// <summary>How far ahead of this host's clock a message's <c>sent</c> may be and still count now (clock skew).</summary>
    public static readonly TimeSpan SentSkew = TimeSpan.FromMinutes(5);

    public string SourceName => source.Name;

    public async Task<WarningsRead> ReadAsync(IReadOnlyList<Site> sites, string? correlationId, DateTimeOffset now, CancellationToken ct)
    {
        if (source is NoWarningSource)
        {
            return WarningsRead.None;
        }

        WarningFetch fetch;
        string? failure = null;
        try
        {
            fetch = await source.FetchAsync(sites, ct);
        }
        catch (Exception ex) when (ex is WarningSourceException or HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException && !ct.IsCancellationRequested)
        {
            failure = Reason(ex);
            fetch = WarningFetch.Empty;
            await ReportFailureAsync(correlationId, failure, ex, now, ct);
        }

        // A message sent later than now (a replay's later messages) is not received yet: a later check takes it.
        fetch = fetch with { Documents = [.. fetch.Documents.Where(d => d.Sent <= now + SentSkew)] };
        var stored = await store.ListAsync(now - KeepAfterExpiry, ct);
        var known = stored.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        var added = await store.AddNewAsync(fetch.Documents.Where(d => !known.Contains(d.Key)), source.Name, now, ct);
        await audit.WriteOnceAsync([.. added.Select(d => (Received(d, correlationId, now), $"warning|{WarningStore.RowKeyOf(d.Key)}"))], ct);
        await audit.WriteOnceAsync([.. fetch.Rejected.Select(r => (Rejected(r, correlationId, now), $"warning-rejected|{Hash(r.Source + "\n" + r.Problem)}"))], ct);
        foreach (var rejected in fetch.Rejected)
        {
            LogRejected(logger, source.Name, rejected.Source, rejected.Problem ?? string.Empty);
        }

        var book = new WarningBook([.. stored, .. fetch.Documents.Where(d => !known.Contains(d.Key))], classifier, localTime.Zone);
        LogRead(logger, source.Name, fetch.Documents.Count, added.Count, fetch.Rejected.Count, stored.Count);
        return new WarningsRead(book, failure);
    }

    private AuditRecord Received(CapDocument d, string? correlationId, DateTimeOffset now)
    {
        var info = d.Infos.FirstOrDefault(i => i.Language.StartsWith("zh", StringComparison.OrdinalIgnoreCase)) ?? d.Infos.FirstOrDefault();
        var heat = d.Infos.Select(classifier.Classify).FirstOrDefault(l => l is not null);
        var kind = d.MsgType switch
        {
            CapMessageType.Update => AuditKinds.WarningUpdated,
            CapMessageType.Cancel => AuditKinds.WarningCancelled,
            _ => AuditKinds.WarningReceived,
        };
        var what = d.Status == CapStatus.Actual ? string.Empty : $" [{d.Status}: recorded, changes no level]";
        var refs = d.References.Count == 0 ? string.Empty : " (references " + string.Join(", ", d.References.Select(r => r.Identifier)) + ")";
        return new AuditRecord(kind, $"{d.Sender} {d.Identifier} {d.MsgType}{refs}: {info?.Headline ?? info?.Event ?? string.Empty}{what}", CorrelationId: correlationId,
            Details: new
            {
                source = source.Name,
                from = d.Source,
                identifier = d.Identifier,
                sender = d.Sender,
                sent = d.Sent,
                status = d.Status.ToString(),
                msgType = d.MsgType.ToString(),
                references = d.References.Select(r => r.Identifier).ToList(),
                senderName = info?.SenderName,
                headline = info?.Headline,
                @event = info?.Event,
                heatLevel = heat?.Level.ToString().ToLowerInvariant(),
                mismatch = heat?.Mismatch,
                onset = info?.Onset ?? info?.Effective,
                expires = info?.Expires,
            })
        { Time = now };
    }

    private AuditRecord Rejected(CapParseResult r, string? correlationId, DateTimeOffset now) =>
        new(AuditKinds.WarningRejected, $"{r.Source}: {r.Problem}", CorrelationId: correlationId,
            Details: new { source = source.Name, from = r.Source, problem = r.Problem })
        { Time = now };

    private async Task ReportFailureAsync(string? correlationId, string reason, Exception ex, DateTimeOffset now, CancellationToken ct)
    {
        LogSourceFailed(logger, source.Name, reason, ex.GetType().Name);
        await audit.WriteAsync(new AuditRecord(AuditKinds.WarningSourceFailed,
            $"Warning source {source.Name} failed; the warnings already received still count and nothing was cleared: {reason}", CorrelationId: correlationId,
            Details: new { source = source.Name, error = ex.GetType().Name, message = reason }), ct);
        if (admins.Admins.Count == 0)
        {
            return;
        }

        var runId = correlationId ?? now.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
        var when = localTime.DateTime(now, "zh");
        var title = "【官方预警来源中断】";
        var body = $"{when}的高温检查未能读取官方预警（来源：{source.Name}，原因：{reason}）。已收到的预警继续有效，本次没有解除任何预警；下次定时检查将重试。";
        var data = new Dictionary<string, object?> { ["heatCheckRun"] = runId, ["source"] = source.Name, ["error"] = reason, ["at"] = now };
        var reached = await admins.TellAllAsync($"heatcheck:{runId}:warnings-failed", title, body, data, skipTransient: true, ct);
        LogAdminsTold(logger, reached, admins.Admins.Count);
    }

    private static string Reason(Exception ex)
    {
        var reason = ex switch
        {
            TaskCanceledException or Polly.Timeout.TimeoutRejectedException => "timed out",
            HttpRequestException { StatusCode: { } status } => $"HTTP {(int)status}",
            HttpRequestException h => "unreachable: " + h.Message,
            _ => ex.Message,
        };
        reason = reason.ReplaceLineEndings(" ");
        return reason.Length <= 200 ? reason : reason[..200] + "...";
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];

    [LoggerMessage(EventId = 1301, EventName = "WarningsRead", Level = LogLevel.Information, Message = "Warning source {Source}: {Fetched} messages, {Added} new, {Rejected} rejected, {Stored} stored before")]
    private static partial void LogRead(ILogger logger, string source, int fetched, int added, int rejected, int stored);

    [LoggerMessage(EventId = 1302, EventName = "WarningRejected", Level = LogLevel.Warning, Message = "Warning source {Source} rejected {Entry}: {Problem}")]
    private static partial void LogRejected(ILogger logger, string source, string entry, string problem);

    // A warning, not an error: the heat check goes on with the forecast and the warnings already received.
    [LoggerMessage(EventId = 1303, EventName = "WarningSourceFailed", Level = LogLevel.Warning, Message = "official warnings source '{Source}' failed ({Reason}): the warnings already received still count, nothing is cleared this check ({ErrorType})")]
    private static partial void LogSourceFailed(ILogger logger, string source, string reason, string errorType);

    [LoggerMessage(EventId = 1304, EventName = "WarningFailureAdminsTold", Level = LogLevel.Information, Message = "Warning source failure: {Reached} of {Admins} admins told")]
    private static partial void LogAdminsTold(ILogger logger, int reached, int admins);
}
