using HeatRelief.Alerts;
using HeatRelief.Audit;
using HeatRelief.Heat;

namespace HeatRelief.Acks;

/// <summary>
/// Opens, raises and closes a site's acknowledgement case as its alerts arrive (called by the fan-out before any
/// manager is told, so the form finds its case). Idempotent: a redelivered alert changes nothing twice, and the
/// <c>ack.requested</c> record is written once per alert.
/// </summary>
public sealed class AckRequests(AckStore store, AuditLog audit)
{
    /// <summary>Follows one alert: its case (read, then inserted or replaced under its ETag) and its record.</summary>
    public async Task FollowAsync(Alert alert, string? correlationId, CancellationToken ct)
    {
        if (!Follows(alert))
        {
            return;
        }

        await FollowCaseAsync(alert, ct);
        await audit.WriteOnceAsync([.. Requested([alert], correlationId)], ct);
    }

    /// <summary>
    /// Follows a heat check's alerts together: one read of each day's cases, the new cases inserted and the changed
    /// ones replaced in batches of 100 (ETag-guarded), and the <c>ack.requested</c> records in one call; a batch that
    /// lost a race with another check, and a site's second alert in the list, are followed one by one after, in the
    /// list's order. The same outcome as <see cref="FollowAsync"/> per alert at a few requests a day instead of
    /// two or three per alert.
    /// </summary>
    public async Task FollowAllAsync(IReadOnlyList<Alert> alerts, string? correlationId, CancellationToken ct)
    {
        var followed = alerts.Where(Follows).ToList();
        var later = new List<Alert>();
        foreach (var day in followed.GroupBy(a => a.DateKey, StringComparer.Ordinal))
        {
            var stored = (await store.ListDayAsync(day.Key, ct)).ToDictionary(s => s.Value.SiteId, StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var inserts = new List<(Alert Alert, AckCase Case)>();
            var updates = new List<(Alert Alert, StoredAck Stored, AckCase Next)>();
            foreach (var alert in day)
            {
                if (!seen.Add(alert.SiteId))
                {
                    later.Add(alert);
                }
                else if (stored.GetValueOrDefault(alert.SiteId) is { } current)
                {
                    var next = current.Value.Follow(alert);
                    if (!ReferenceEquals(next, current.Value))
                    {
                        updates.Add((alert, current, next));
                    }
                }
                else if (alert.Kind != AlertKind.Cleared)
                {
                    inserts.Add((alert, AckCase.Open(alert)));
                }
            }

            var lostInserts = (await store.InsertAllAsync([.. inserts.Select(i => i.Case)], ct)).ToHashSet();
            var lostUpdates = (await store.ReplaceAllAsync([.. updates.Select(u => (u.Stored, u.Next))], ct)).Select(u => u.Next).ToHashSet();
            var retry = inserts.Where(i => lostInserts.Contains(i.Case)).Select(i => i.Alert)
                .Concat(updates.Where(u => lostUpdates.Contains(u.Next)).Select(u => u.Alert));
            later.InsertRange(0, retry);
        }

        foreach (var alert in followed.Where(later.Contains))
        {
            await FollowCaseAsync(alert, ct);
        }

        await audit.WriteOnceAsync([.. Requested(followed, correlationId)], ct);
    }

    /// <summary>An alert that asks managers to confirm, or an all-clear that closes a case.</summary>
    private static bool Follows(Alert alert) => AckAddendum.Asks(alert) || alert.Kind == AlertKind.Cleared;

    private async Task FollowCaseAsync(Alert alert, CancellationToken ct)
    {
        while (true)
        {
            var stored = await store.GetAsync(alert.DateKey, alert.SiteId, ct);
            if (stored is null)
            {
                if (alert.Kind == AlertKind.Cleared || await store.InsertIfAbsentAsync(AckCase.Open(alert), ct))
                {
                    return;
                }

                continue;
            }

            var next = stored.Value.Follow(alert);
            if (ReferenceEquals(next, stored.Value) || await store.TryUpdateAsync(stored, next, ct) is not null)
            {
                return;
            }
        }
    }

    private static IEnumerable<(AuditRecord Record, string Key)> Requested(IEnumerable<Alert> alerts, string? correlationId) =>
        alerts.Where(AckAddendum.Asks).Select(alert => (new AuditRecord(AuditKinds.AckRequested,
            $"{alert.SiteId} {alert.DateKey}: managers asked to confirm their heat measures ({alert.Level.ToWire()})",
            SiteId: alert.SiteId, AlertId: alert.Id, CorrelationId: correlationId,
            Details: new { date = alert.DateKey, level = alert.Level.ToWire() }) { Time = alert.CreatedAt }, $"ack|requested|{alert.Id}"));
}
