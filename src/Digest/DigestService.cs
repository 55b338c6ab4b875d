using HeatRelief.Audit;
using HeatRelief.Delivery;
using HeatRelief.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HeatRelief.Digest;

/// <summary>
/// The digest timer's work. Once the local time has reached <see cref="DigestOptions.LocalTime"/>, every recipient the
/// <see cref="DigestPlanner"/> names gets the day's digest exactly once: claimed in <see cref="DigestStore"/> before the
/// send and settled after it, so a timer that fires twice, or two hosts, send one. A send that may pass (or a recipient
/// in quiet hours) is left for the next run; when none is left the day is marked done and later runs stop at one read.
/// Alerts never wait for the digest: they go through their own queue as the heat check decides them.
/// </summary>
public sealed partial class DigestService(DigestPlanner planner, DigestStore store, DigestSender sender, LocalTimeText local, IOptions<DigestOptions> options, ILogger<DigestService> logger)
{
    /// <summary>How long a claim keeps others off; a run that crashed mid-send loses it then.</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    /// <summary>Sends the digests due at <paramref name="now"/>; returns how many were delivered by this run.</summary>
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var localNow = local.Local(now);
        if (!options.Value.Enabled || TimeOnly.FromDateTime(localNow.DateTime) < options.Value.SendFrom)
        {
            return 0;
        }

        var today = DateOnly.FromDateTime(localNow.DateTime);
        var dateKey = Alerts.Alert.DateKeyOf(today);
        if (await store.IsDayDoneAsync(dateKey, ct))
        {
            return 0;
        }

        var letters = await planner.PlanAsync(today, ct);
        int delivered = 0, failed = 0, pending = 0;
        var offsetSeconds = (int)local.Zone.GetUtcOffset(now).TotalSeconds;
        foreach (var letter in letters)
        {
            if (QuietHours.EndsAt(letter.To.QuietStart, letter.To.QuietEnd, now, offsetSeconds) is not null)
            {
                pending++;
                continue;
            }

            var claim = await store.TryClaimAsync(dateKey, letter.To.Key, now, now + ClaimFor, ct);
            if (claim != DigestClaim.Won)
            {
                pending += claim == DigestClaim.Held ? 1 : 0;
                continue;
            }

            SendOutcome outcome;
            try
            {
                outcome = await sender.SendAsync(today, letter, now, ct);
            }
            catch (TransientDeliveryException)
            {
                LogDeferred(logger, letter.To.Kind, letter.To.Id, dateKey);
                await store.ReleaseAsync(dateKey, letter.To.Key, ct);
                pending++;
                continue;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await store.ReleaseAsync(dateKey, letter.To.Key, ct);
                throw;
            }

            await store.SettleAsync(dateKey, letter.To.Key, outcome.Delivered, outcome.Reason, letter.Entries.Select(e => e.SiteId).Distinct(StringComparer.Ordinal).Count(), now, ct);
            if (outcome.Delivered)
            {
                delivered++;
            }
            else
            {
                failed++;
                LogFailed(logger, letter.To.Kind, letter.To.Id, dateKey);
            }
        }

        if (pending == 0)
        {
            await store.MarkDayDoneAsync(dateKey, letters.Count, now, ct);
        }

        LogRun(logger, dateKey, letters.Count, delivered, failed, pending);
        return delivered;
    }

    [LoggerMessage(EventId = 7201, EventName = "DigestRun", Level = LogLevel.Information, Message = "Daily digest {Date}: {Letters} due, {Delivered} delivered, {Failed} failed, {Pending} left for a later run")]
    private static partial void LogRun(ILogger logger, string date, int letters, int delivered, int failed, int pending);

    [LoggerMessage(EventId = 7202, EventName = "DigestDeferred", Level = LogLevel.Warning, Message = "Daily digest {Date} for {Kind} {RecipientId} failed for now; released for the next run")]
    private static partial void LogDeferred(ILogger logger, string kind, string recipientId, string date);

    [LoggerMessage(EventId = 7203, EventName = "DigestFailed", Level = LogLevel.Warning, Message = "Daily digest {Date} for {Kind} {RecipientId} was refused by its channel; not tried again today")]
    private static partial void LogFailed(ILogger logger, string kind, string recipientId, string date);
}
