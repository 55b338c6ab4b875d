using HeatRelief.Notifications;
using HeatRelief.Alerts;
using HeatRelief.Delivery;
using HeatRelief.Sites;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HeatRelief.Visits;

/// <summary>
/// Sends what people hear about a visit (the officer's offer, the confirmation after accepting, the admins' notice
/// when nobody could take it) and records on the visit that it went out. A failed send never fails the move that
/// caused it: the reassignment timer sends an offer or admin notice again while it is not recorded as sent.
/// </summary>
public sealed partial class VisitNotices(
    VisitStore store,
    AlertStore alerts,
    VisitNotifier notifier,
    VisitJournal journal,
    TimeProvider time,
    IOptions<VisitOptions> options,
    ILogger<VisitNotices> logger)
{
    /// <summary>How many admins hear about visits nobody could take.</summary>
    public int AdminCount => notifier.Admins.Count;

    /// <summary>Sends (again) the offer of an assigned visit whose officer was not yet told.</summary>
    public async Task NotifyOfficerAsync(StoredVisit saved, Officer officer, Site site, CancellationToken ct)
    {
        var a = saved.Value;
        var alert = await alerts.GetAsync(a.DateKey, a.AlertId, ct);
        SendOutcome outcome;
        try
        {
            outcome = await notifier.OfferAsync(a, officer, site, alert?.Alert.Grade.HottestWindow, alert?.Alert.Warning, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The visit stays assigned and un-notified; the reassignment timer sends the offer again.
            LogOfferNotSent(logger, ex, a.Id, officer.Id);
            return;
        }

        if (!outcome.Delivered)
        {
            await journal.OfferNotDeliveredAsync(a, officer.Id, officer.Channel, outcome.Reason, ct);
        }

        await store.TryUpdateAsync(saved, a.OfficerNotified(time.GetUtcNow()), null, null, saved.ClaimedUntil, ct);
    }

    /// <summary>Tells admins about a visit nobody took, and records that they were told.</summary>
    public async Task NotifyAdminsAsync(StoredVisit saved, Site site, CancellationToken ct)
    {
        var a = saved.Value;
        var maxDistanceKm = options.Value.MaxDistanceKm;
        try
        {
            var outOfReach = a.Status == VisitStatus.Unassigned && OfficerRanking.NobodyWithin(saved.Candidates, maxDistanceKm);
            await notifier.AdminsAsync(a, site, a.Status == VisitStatus.Escalated, outOfReach ? maxDistanceKm : null, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAdminsNotSent(logger, ex, a.Id);
            return;
        }

        await store.TryUpdateAsync(saved, a.AdminsNotified(time.GetUtcNow()), null, null, saved.ClaimedUntil, ct);
    }

    /// <summary>The confirmation with the completion link; the accept stands whether or not it goes out.</summary>
    public async Task ConfirmAcceptedAsync(Visit a, Officer officer, Site site, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            await notifier.AcceptedAsync(a, officer, site, now, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogConfirmationNotSent(logger, ex, a.Id);
        }
    }

    [LoggerMessage(EventId = 5003, EventName = "VisitOfferNotSent", Level = LogLevel.Warning, Message = "Offer of visit {VisitId} to officer {OfficerId} not sent; the reassignment timer retries")]
    private static partial void LogOfferNotSent(ILogger logger, Exception error, string visitId, string officerId);

    [LoggerMessage(EventId = 5004, EventName = "AdminsNotNotified", Level = LogLevel.Warning, Message = "Admins not told about visit {VisitId}; the reassignment timer retries")]
    private static partial void LogAdminsNotSent(ILogger logger, Exception error, string visitId);

    [LoggerMessage(EventId = 5201, EventName = "ConfirmationNotSent", Level = LogLevel.Warning, Message = "Confirmation with the completion link for visit {VisitId} not sent")]
    private static partial void LogConfirmationNotSent(ILogger logger, Exception error, string visitId);
}
