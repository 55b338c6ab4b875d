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
        if (await SendOfferAsync(saved.Value, officer, site, null, ct))
        {
            await store.TryUpdateAsync(saved, saved.Value.OfficerNotified(time.GetUtcNow()), null, null, saved.ClaimedUntil, ct);
        }
    }

    /// <summary>
    /// Sends the offer, with the hottest hours and warning kept on the visit (the alert is read only for a visit
    /// recorded before they were kept). True when it is to be recorded as sent (delivered, or refused for good and
    /// audited); false when it failed and the reassignment timer is to send it again.
    /// </summary>
    /// <remarks><paramref name="additions"/>: read beforehand for several offers (<see cref="OfferAdditionsAsync"/>); null reads them with the send.</remarks>
    public async Task<bool> SendOfferAsync(Visit a, Officer officer, Site site, IReadOnlyList<OfferAddition>? additions, CancellationToken ct)
    {
        var heat = a.Heat ?? (await alerts.GetAsync(a.DateKey, a.AlertId, ct) is { } alert ? VisitHeat.Of(alert.Alert) : null);
        SendOutcome outcome;
        try
        {
            outcome = await notifier.OfferAsync(a, officer, site, heat?.Hottest, heat?.Warning, additions, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The visit stays assigned and un-notified; the reassignment timer sends the offer again.
            LogOfferNotSent(logger, ex, a.Id, officer.Id);
            return false;
        }

        if (!outcome.Delivered)
        {
            await journal.OfferNotDeliveredAsync(a, officer.Id, officer.Channel, outcome.Reason, ct);
        }

        return true;
    }

    /// <summary>
    /// What later features add to several offers (the site's answer), read together; null when the read failed, and
    /// each offer then reads its own with its send, whose failure leaves it to the reassignment timer as before.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<OfferAddition>>?> OfferAdditionsAsync(IReadOnlyList<(Visit Visit, Officer Officer)> offers, CancellationToken ct)
    {
        if (offers.Count == 0)
        {
            return null;
        }

        try
        {
            return await notifier.AdditionsAsync([.. offers.Select(o => (o.Visit, o.Officer.Language))], ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAdditionsNotRead(logger, ex, offers.Count);
            return null;
        }
    }

    /// <summary>Tells admins about a visit nobody took, and records that they were told.</summary>
    public async Task NotifyAdminsAsync(StoredVisit saved, Site site, CancellationToken ct)
    {
        if (await SendAdminsAsync(saved, site, ct))
        {
            await store.TryUpdateAsync(saved, saved.Value.AdminsNotified(time.GetUtcNow()), null, null, saved.ClaimedUntil, ct);
        }
    }

    /// <summary>Tells admins about a visit nobody took; true when they were told (to be recorded on the visit).</summary>
    public async Task<bool> SendAdminsAsync(StoredVisit saved, Site site, CancellationToken ct)
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
            return false;
        }

        return true;
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

    [LoggerMessage(EventId = 5005, EventName = "OfferAdditionsNotRead", Level = LogLevel.Warning, Message = "What is added to {Offers} offers could not be read together; each offer reads its own")]
    private static partial void LogAdditionsNotRead(ILogger logger, Exception error, int offers);

    [LoggerMessage(EventId = 5004, EventName = "AdminsNotNotified", Level = LogLevel.Warning, Message = "Admins not told about visit {VisitId}; the reassignment timer retries")]
    private static partial void LogAdminsNotSent(ILogger logger, Exception error, string visitId);

    [LoggerMessage(EventId = 5201, EventName = "ConfirmationNotSent", Level = LogLevel.Warning, Message = "Confirmation with the completion link for visit {VisitId} not sent")]
    private static partial void LogConfirmationNotSent(ILogger logger, Exception error, string visitId);
}
