using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Visits;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HeatRelief.Acks;

/// <summary>
/// The follow-up timer's work: for each site asked today and not answered, the steps silence leads to
/// (<see cref="AckCase.DueSteps"/>), each once. A step is claimed with an ETag before it is taken (so a second
/// timer or host leaves it alone), taken, then recorded; a failed step is released and tried on the next run; a
/// claimant that crashed loses its claim after <see cref="ClaimFor"/>.
/// </summary>
public sealed partial class AckFollowUp(AckStore store, AckNotices notices, SiteDirectory directory, VisitStore visits, AuditLog audit, IOptions<AckOptions> options, ILogger<AckFollowUp> logger)
{
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    /// <summary>Every open case of the heat days a site anywhere may be in now; returns how many steps were taken.</summary>
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var taken = 0;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var day in new[] { today.AddDays(-1), today, today.AddDays(1) })
        {
            foreach (var stored in await store.ListDayAsync(Alerts.Alert.DateKeyOf(day), ct))
            {
                taken += await RunCaseAsync(stored, now, ct);
            }
        }

        return taken;
    }

    /// <summary>Takes the steps due for one case now; returns how many were taken.</summary>
    public async Task<int> RunCaseAsync(StoredAck stored, DateTimeOffset now, CancellationToken ct)
    {
        var taken = 0;
        var current = stored;
        foreach (var step in current.Value.DueSteps(now, options.Value))
        {
            if (await store.TryUpdateAsync(current, current.Value.Claimed(step, now + ClaimFor), ct) is not { } claimed)
            {
                // Someone else changed the case (an answer, another timer): they, or the next run, carry on.
                return taken;
            }

            try
            {
                await TakeAsync(step, claimed.Value, now, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogStepFailed(logger, ex, step, claimed.Value.SiteId, claimed.Value.DateKey);
                await UpdateAsync(claimed, a => a.Released(), ct);
                throw;
            }

            current = await UpdateAsync(claimed, a => a.Done(step, now), ct);
            taken++;
        }

        return taken;
    }

    private async Task TakeAsync(AckStep step, AckCase ack, DateTimeOffset now, CancellationToken ct)
    {
        var site = await directory.GetSiteAsync(ack.SiteId, ct);
        if (site is null)
        {
            return;
        }

        var breach = ack.Latest?.BreaksRule(ack.Level) == true;
        switch (step)
        {
            case AckStep.Remind:
                var reached = await notices.RemindAsync(site, ack, ct);
                await AuditAsync(AuditKinds.AckReminded, ack, step, now, $"{ack.SiteId} {ack.DateKey}: no answer yet, {reached} managers reminded",
                    new { date = ack.DateKey, level = ack.Level.ToWire(), managersReached = reached }, null, ct);
                break;
            case AckStep.Escalate:
                var (visitId, officerId, told) = await EscalateVisitAsync(site, ack, now, ct);
                await AuditAsync(AuditKinds.AckEscalated, ack, step, now,
                    $"{ack.SiteId} {ack.DateKey}: {(breach ? "answer says outdoor work continues at red" : "no answer")}; visit {(visitId is null ? "not created yet" : "offered first")}"
                    + (officerId is null ? ", no officer to tell yet" : told ? ", officer told" : ", officer not reached"),
                    new { date = ack.DateKey, level = ack.Level.ToWire(), step = "visit", breach, visitId, officerTold = told }, officerId, ct);
                break;
            default:
                var at = LocalTimeText.Clock(ack.HottestStartsAt(options.Value).ToString("HH\\:mm", System.Globalization.CultureInfo.InvariantCulture), ack.Offset, "zh");
                var admins = await notices.TellAdminsAsync(site, ack, at, ct);
                await AuditAsync(AuditKinds.AckEscalated, ack, step, now,
                    $"{ack.SiteId} {ack.DateKey}: {(breach ? "answer says outdoor work continues at red" : "no answer by the hottest hours")}; {admins} admins told",
                    new { date = ack.DateKey, level = ack.Level.ToWire(), step = "admins", breach, adminsReached = admins }, null, ct);
                break;
        }
    }

    /// <summary>Puts the site's visit before the other waiting visits and tells its officer, if it has one.</summary>
    private async Task<(string? VisitId, string? OfficerId, bool Told)> EscalateVisitAsync(Site site, AckCase ack, DateTimeOffset now, CancellationToken ct)
    {
        var id = Visit.IdFor(ack.SiteId, ack.Date);
        while (await visits.GetAsync(id, ct) is { } stored)
        {
            if (stored.Value.MeasuresUnconfirmedAt is null
                && await visits.TryUpdateAsync(stored, stored.Value.MeasuresUnconfirmed(now), null, null, stored.ClaimedUntil, ct) is null)
            {
                continue;
            }

            var officerId = stored.Value.Status is VisitStatus.Assigned or VisitStatus.Accepted ? stored.Value.OfficerId : null;
            var officer = officerId is null ? null : await directory.GetOfficerAsync(officerId, ct);
            return (id, officerId, officer is not null && await notices.TellOfficerAsync(site, ack, officer, ct));
        }

        return (null, null, false);
    }

    private Task AuditAsync(string kind, AckCase ack, AckStep step, DateTimeOffset now, string message, object details, string? officerId, CancellationToken ct) =>
        audit.WriteOnceAsync([(new AuditRecord(kind, message, SiteId: ack.SiteId, OfficerId: officerId, AlertId: ack.AlertId,
            VisitId: step == AckStep.Escalate ? Visit.IdFor(ack.SiteId, ack.Date) : null, Details: details) { Time = now }, $"ack|{step}|{ack.SiteId}|{ack.DateKey}")], ct);

    /// <summary>Applies a change to the latest copy of the case (re-reading after a lost race).</summary>
    private async Task<StoredAck> UpdateAsync(StoredAck stored, Func<AckCase, AckCase> change, CancellationToken ct)
    {
        var current = stored;
        while (true)
        {
            if (await store.TryUpdateAsync(current, change(current.Value), ct) is { } written)
            {
                return written;
            }

            current = await store.GetAsync(stored.Value.DateKey, stored.Value.SiteId, ct)
                ?? throw new InvalidOperationException($"acknowledgement case {stored.Value.SiteId} {stored.Value.DateKey} disappeared");
        }
    }

    [LoggerMessage(EventId = 7101, EventName = "AckStepFailed", Level = LogLevel.Warning, Message = "Acknowledgement step {Step} for site {SiteId} on {Date} failed; released for the next run")]
    private static partial void LogStepFailed(ILogger logger, Exception error, AckStep step, string siteId, string date);
}
