using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Visits;

namespace HeatRelief.Acks;

/// <summary>
/// Records a manager's answer: each link answers once; the first answer of a site and heat day counts and later
/// ones are kept as updates; each is audited (<c>ack.received</c>). An answer at red that says outdoor work
/// continues is escalated at once, through the same steps as silence.
/// </summary>
public sealed class AckAnswers(AckStore store, UsedLinkStore used, AckFollowUp followUp, AuditLog audit, TimeProvider time)
{
    /// <summary>The case a link answers, or null when none was asked.</summary>
    public Task<StoredAck?> FindAsync(AckLink link, CancellationToken ct) => store.GetAsync(link.DateKey, link.SiteId, ct);

    /// <summary>Whether the link already answered.</summary>
    public Task<bool> IsUsedAsync(AckLink link, CancellationToken ct) => used.IsUsedAsync(UsedPartition(link), link.Fingerprint, ct);

    public async Task<(AckRecordResult Result, AckCase? Case)> RecordAsync(AckLink link, IReadOnlyList<AckMeasure> measures, string? other, int outdoorWorkersNow, CancellationToken ct)
    {
        if (await IsUsedAsync(link, ct))
        {
            return (AckRecordResult.Used, (await FindAsync(link, ct))?.Value);
        }

        var now = time.GetUtcNow();
        var answer = new AckAnswer(link.RecipientId, [.. measures.Distinct().Order()], string.IsNullOrWhiteSpace(other) ? null : other.Trim(), outdoorWorkersNow, now);
        StoredAck? written = null;
        var first = false;
        while (written is null)
        {
            if (await FindAsync(link, ct) is not { } stored)
            {
                return (AckRecordResult.NotAsked, null);
            }

            first = stored.Value.Answer is null;
            written = await store.TryUpdateAsync(stored, stored.Value.Answered(answer), ct);
        }

        // The answer is stored before the link is marked used: a crash in between keeps the answer (a retry adds it
        // again as an update) rather than losing it.
        await used.MarkUsedAsync(UsedPartition(link), link.Fingerprint, "ack", now, ct);
        var ack = written.Value;
        var breach = answer.BreaksRule(ack.Level);
        await audit.WriteOnceAsync([(new AuditRecord(AuditKinds.AckReceived,
            $"{ack.SiteId} {ack.DateKey}: {(first ? "answered" : "answer updated")}: {answer.MeasuresText}; {answer.OutdoorWorkersNow} outdoors now"
            + (breach ? "; outdoor work continues at red" : string.Empty),
            SiteId: ack.SiteId, AlertId: ack.AlertId, Actor: $"recipient:{link.RecipientId}",
            Details: new
            {
                date = ack.DateKey, level = ack.Level.ToWire(), first, measures = answer.Measures.Select(m => m.ToWire()), other = answer.Other,
                answer.OutdoorWorkersNow, breach, minutesAfterAsk = (int)Math.Round((now - ack.RequestedAt).TotalMinutes),
            }) { Time = now }, $"ack|received|{link.Fingerprint}")], ct);
        if (breach)
        {
            await followUp.RunCaseAsync(written, now, ct);
        }

        return (first ? AckRecordResult.First : AckRecordResult.Update, ack);
    }

    private static string UsedPartition(AckLink link) => $"ack_{Visit.IdFor(link.SiteId, link.Date)}";
}
