using Azure;
using HeatRelief.Audit;
using HeatRelief.Warnings;
using Microsoft.Extensions.Logging;

namespace HeatRelief.HeatCheck;

/// <summary>
/// Runs <see cref="HeatCheckService"/> for the timer and for an admin's check now, one at a time across all
/// instances: a check first takes the lock row of <see cref="HeatCheckStore"/> (ETag-guarded, with an expiry it
/// renews while it runs), and keeps how it ended for the status banner. The timer waits for a running check to
/// end (an admin's, or another instance's start-up check) and then runs; an admin's request is refused at once.
/// A holder that dies stops renewing, so its lock runs out after <see cref="Lease"/> and the next check runs.
/// </summary>
public sealed partial class HeatCheckRunner(HeatCheckService service, HeatCheckStore store, WarningIntake warnings, AuditLog audit, TimeProvider time, ILogger<HeatCheckRunner> logger)
{
    /// <summary>The holder named by the schedule's checks (and a host's start-up check).</summary>
    public const string TimerHolder = "timer";

    /// <summary>
    /// How long the lock counts without a renewal: short, so a killed host's lock does not hold up the next host's
    /// start-up check for long; the running check renews it every third of that.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);

    /// <summary>How long the timer waits for a running check before it gives this turn up (the next one comes within the hour).</summary>
    public static readonly TimeSpan TimerWait = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan RenewEvery = Lease / 3;
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);

    /// <summary>The timer's check: waits (up to <see cref="TimerWait"/>) for a running check to end, then runs; null when it gave up.</summary>
    public async Task<HeatCheckResult?> RunScheduledAsync(string? correlationId, CancellationToken ct)
    {
        // The wait runs on the wall clock, as network waits do (a test's frozen clock must not stall it); the lock's
        // expiry is compared on the injected clock, as every instance writes it.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var now = time.GetUtcNow();
            if (await store.TryTakeAsync(TimerHolder, now, now + Lease, ct) is { } lease)
            {
                return await RunHeldAsync(lease, correlationId, ct);
            }

            if (waited.Elapsed >= TimerWait)
            {
                var running = await store.HeldAsync(time.GetUtcNow(), ct);
                LogTimerGaveUp(logger, (int)TimerWait.TotalSeconds, running?.Holder == TimerHolder ? "timer" : "admin");
                return null;
            }

            await Task.Delay(PollEvery, ct);
        }
    }

    /// <summary>An admin's check now: runs at once, audited with the admin's name, or is refused while another check runs.</summary>
    public async Task<HeatCheckRun> RunRequestedAsync(string adminName, string reason, string? correlationId, CancellationToken ct)
    {
        var actor = $"admin:{adminName}";
        var now = time.GetUtcNow();
        if (await store.TryTakeAsync(actor, now, now + Lease, ct) is not { } lease)
        {
            LogRefused(logger);
            return new HeatCheckRun(null, await store.HeldAsync(now, ct));
        }

        try
        {
            await audit.WriteAsync(new AuditRecord(AuditKinds.HeatCheckRequested, $"{adminName} asked for a heat check now: {reason}", Actor: actor, CorrelationId: correlationId, Details: new { reason }), ct);
        }
        catch
        {
            await ReleaseAsync(lease);
            throw;
        }

        return new HeatCheckRun(await RunHeldAsync(lease, correlationId, ct), null);
    }

    private async Task<HeatCheckResult> RunHeldAsync(HeatCheckLease lease, string? correlationId, CancellationToken ct)
    {
        using var stop = new CancellationTokenSource();
        var keeper = KeepAsync(lease, stop.Token);
        var started = time.GetUtcNow();
        try
        {
            var result = await service.RunAsync(correlationId, ct);
            await RecordAsync(new HeatCheckOutcome
            {
                Trigger = lease.Holder,
                StartedAt = started,
                FinishedAt = time.GetUtcNow(),
                Result = result,
                WarningSource = warnings.SourceName,
                WarningFailure = result.WarningSourceFailure,
            });
            return result;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var weather = WeatherFailureReport.IsWeatherFailure(ex);
            await RecordAsync(new HeatCheckOutcome
            {
                Trigger = lease.Holder,
                StartedAt = started,
                FinishedAt = time.GetUtcNow(),
                WarningSource = warnings.SourceName,
                WeatherFailure = weather ? WeatherFailureReport.ReasonOf(ex) : null,
                Error = weather ? null : $"{ex.GetType().Name}: {FirstLine(ex.Message)}",
            });
            throw;
        }
        finally
        {
            await stop.CancelAsync();
            await ReleaseAsync(await keeper);
        }
    }

    /// <summary>Renews the lock until the check ends; returns the lock as last written, for the release.</summary>
    private async Task<HeatCheckLease> KeepAsync(HeatCheckLease lease, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RenewEvery, stop);
                if (await store.RenewAsync(lease, time.GetUtcNow() + Lease, stop) is not { } renewed)
                {
                    // Not renewed in time (storage was slow or down): another check may run alongside; both are idempotent.
                    LogLeaseLost(logger);
                    return lease;
                }

                lease = renewed;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (RequestFailedException ex)
            {
                LogRenewFailed(logger, ex.Status);
            }
        }

        return lease;
    }

    /// <summary>Keeps the outcome; a storage failure here is logged, never allowed to hide the check's own outcome.</summary>
    private async Task RecordAsync(HeatCheckOutcome outcome)
    {
        try
        {
            await store.RecordAsync(outcome, CancellationToken.None);
        }
        catch (RequestFailedException ex)
        {
            LogRecordFailed(logger, ex.Status);
        }
    }

    private async Task ReleaseAsync(HeatCheckLease lease)
    {
        try
        {
            await store.ReleaseAsync(lease, CancellationToken.None);
        }
        catch (RequestFailedException ex)
        {
            // The lock runs out by itself within the lease.
            LogRenewFailed(logger, ex.Status);
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.ReplaceLineEndings("\n").Split('\n')[0];
        return line.Length <= 200 ? line : line[..200] + "...";
    }

    [LoggerMessage(EventId = 1006, EventName = "HeatCheckRefused", Level = LogLevel.Information, Message = "Heat check requested by an admin refused: another heat check is running")]
    private static partial void LogRefused(ILogger logger);

    [LoggerMessage(EventId = 1007, EventName = "HeatCheckTimerGaveUp", Level = LogLevel.Warning, Message = "Scheduled heat check skipped: a {Holder} heat check held the lock for more than {Seconds} s")]
    private static partial void LogTimerGaveUp(ILogger logger, int seconds, string holder);

    [LoggerMessage(EventId = 1008, EventName = "HeatCheckLockLost", Level = LogLevel.Warning, Message = "Heat check lock ran out before it was renewed; another check may run alongside this one")]
    private static partial void LogLeaseLost(ILogger logger);

    [LoggerMessage(EventId = 1009, EventName = "HeatCheckLockWriteFailed", Level = LogLevel.Warning, Message = "Heat check lock could not be written (status {Status}); it runs out by itself")]
    private static partial void LogRenewFailed(ILogger logger, int status);

    [LoggerMessage(EventId = 1010, EventName = "HeatCheckOutcomeNotKept", Level = LogLevel.Warning, Message = "Heat check outcome could not be kept for the status banner (status {Status})")]
    private static partial void LogRecordFailed(ILogger logger, int status);
}
