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
    public async Task FollowAsync(Alert alert, string? correlationId, CancellationToken ct)
    {
        if (!AckAddendum.Asks(alert) && alert.Kind != AlertKind.Cleared)
        {
            return;
        }

        while (true)
        {
            var stored = await store.GetAsync(alert.DateKey, alert.SiteId, ct);
            if (stored is null)
            {
                if (alert.Kind == AlertKind.Cleared || await store.InsertIfAbsentAsync(AckCase.Open(alert), ct))
                {
                    break;
                }

                continue;
            }

            var next = stored.Value.Follow(alert);
            if (ReferenceEquals(next, stored.Value) || await store.TryUpdateAsync(stored, next, ct) is not null)
            {
                break;
            }
        }

        if (AckAddendum.Asks(alert))
        {
            await audit.WriteOnceAsync([(new AuditRecord(AuditKinds.AckRequested,
                $"{alert.SiteId} {alert.DateKey}: managers asked to confirm their heat measures ({alert.Level.ToWire()})",
                SiteId: alert.SiteId, AlertId: alert.Id, CorrelationId: correlationId,
                Details: new { date = alert.DateKey, level = alert.Level.ToWire() }) { Time = alert.CreatedAt }, $"ack|requested|{alert.Id}")], ct);
        }
    }
}
