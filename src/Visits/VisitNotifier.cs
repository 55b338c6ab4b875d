using HeatRelief.Audit;
using HeatRelief.Delivery;
using HeatRelief.Heat;
using HeatRelief.Sites;
using Microsoft.Extensions.Options;

namespace HeatRelief.Visits;

/// <summary>
/// Tells officers about visits (with signed one-tap links) and admins about visits nobody could take and heat
/// checks the weather source failed, on the same channels as alerts. Each send carries an idempotency key, so a
/// retried send can be dropped by the receiver.
/// </summary>
public sealed class VisitNotifier(NotificationChannels channels, ActionLinks links, LocalTimeText localTime, IOptions<VisitOptions> options)
{
    private readonly IReadOnlyList<AdminRecipient> _admins = ParseAdmins(options.Value.AdminRecipients);

    public IReadOnlyList<AdminRecipient> Admins => _admins;

    /// <summary>The offer with accept and decline links, valid until the answer is due.</summary>
    public Task<SendOutcome> OfferAsync(Visit a, Officer officer, Site site, HottestWindow? hottest, CancellationToken ct)
    {
        var acceptBy = a.AcceptBy ?? throw new InvalidOperationException($"visit {a.Id} has no answer deadline");
        var accept = links.Url(links.Create(a.Id, officer.Id, LinkAction.Accept, acceptBy));
        var decline = links.Url(links.Create(a.Id, officer.Id, LinkAction.Decline, acceptBy));
        var (title, body) = VisitText.Offer(a, site, hottest, acceptBy, accept, decline, officer.Language, localTime);
        return SendAsync(officer.Channel, officer.Address, officer.Language, $"{a.Id}:{officer.Id}:offer", title, body, a, officer.Id,
            new() { ["acceptUrl"] = accept, ["declineUrl"] = decline, ["acceptBy"] = acceptBy }, ct);
    }

    /// <summary>The confirmation after accepting, with the link to report the visit done.</summary>
    public Task<SendOutcome> AcceptedAsync(Visit a, Officer officer, Site site, DateTimeOffset now, CancellationToken ct)
    {
        var complete = CompleteUrl(a, officer.Id, now);
        var (title, body) = VisitText.Accepted(a, site, complete, officer.Language);
        return SendAsync(officer.Channel, officer.Address, officer.Language, $"{a.Id}:{officer.Id}:accepted", title, body, a, officer.Id,
            new() { ["completeUrl"] = complete }, ct);
    }

    /// <summary>The link to report a visit done, valid for the configured hours.</summary>
    public string CompleteUrl(Visit a, string officerId, DateTimeOffset now) =>
        links.Url(links.Create(a.Id, officerId, LinkAction.Complete, now.AddHours(options.Value.CompleteLinkValidHours)));

    /// <summary>Tells every configured admin; returns how many were reached. <paramref name="nobodyWithinKm"/>: no officer was that near.</summary>
    public async Task<int> AdminsAsync(Visit a, Site site, bool escalated, double? nobodyWithinKm, CancellationToken ct)
    {
        var reached = 0;
        foreach (var admin in _admins)
        {
            var (title, body) = VisitText.ForAdmins(a, site, escalated, "zh", nobodyWithinKm);
            var outcome = await SendAsync(admin.Channel, admin.Address, "zh", $"{a.Id}:admins:{(escalated ? "escalated" : "unassigned")}:{a.Attempt}",
                title, body, a, null, [], ct);
            reached += outcome.Delivered ? 1 : 0;
        }

        return reached;
    }

    /// <summary>
    /// Tells every configured admin that a heat check got no forecast, so no level changed and nothing was
    /// cleared until the next run; one idempotency key per heat-check run. Nothing retries this notice, so an
    /// admin who cannot be reached does not stop the others. Returns how many were reached.
    /// </summary>
    public async Task<int> WeatherFailedAsync(string runId, int sites, string error, DateTimeOffset at, CancellationToken ct)
    {
        var reached = 0;
        foreach (var admin in _admins)
        {
            var (title, body) = VisitText.WeatherFailed(sites, error, at, "zh", localTime);
            var data = new Dictionary<string, object?> { ["heatCheckRun"] = runId, ["sites"] = sites, ["error"] = error, ["at"] = at };
            try
            {
                var outcome = await SendAsync(admin.Channel, admin.Address, "zh", $"heatcheck:{runId}:weather-failed", title, body, data, ct);
                reached += outcome.Delivered ? 1 : 0;
            }
            catch (TransientDeliveryException)
            {
            }
        }

        return reached;
    }

    /// <summary>Parses <c>channel:address;channel:address</c>; throws naming the bad entry.</summary>
    public static IReadOnlyList<AdminRecipient> ParseAdmins(string? setting)
    {
        var result = new List<AdminRecipient>();
        foreach (var entry in (setting ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            var channel = colon > 0 ? entry[..colon].Trim().ToLowerInvariant() : string.Empty;
            var address = colon > 0 ? entry[(colon + 1)..].Trim() : string.Empty;
            if (Channels.AddressProblem(channel, address) is { } problem)
            {
                throw new ArgumentException($"entry '{Masking.Mask(entry)}' is not channel:address ({problem})");
            }

            result.Add(new AdminRecipient(channel, address));
        }

        return result;
    }

    private async Task<SendOutcome> SendAsync(string channelName, string address, string language, string key, string title, string body,
        Visit a, string? officerId, Dictionary<string, object?> extra, CancellationToken ct)
    {
        var data = new Dictionary<string, object?>(extra)
        {
            ["visitId"] = a.Id,
            ["siteId"] = a.SiteId,
            ["date"] = a.DateKey,
            ["level"] = a.Level.ToWire(),
            ["officerId"] = officerId,
            ["outdoorWorkers"] = a.OutdoorWorkers,
            ["waterLitres"] = a.Plan.WaterLitres,
            ["soupLitres"] = a.Plan.SoupLitres,
            ["medicineKits"] = a.Plan.MedicineKits,
        };
        return await SendAsync(channelName, address, language, key, title, body, data, ct);
    }

    private async Task<SendOutcome> SendAsync(string channelName, string address, string language, string key, string title, string body,
        Dictionary<string, object?> data, CancellationToken ct)
    {
        var channel = channels.Find(channelName);
        if (channel is null)
        {
            return SendOutcome.Permanent($"unknown channel '{channelName}'");
        }

        return await channel.SendAsync(new Notification(key, channelName, address, language, title, body, data), ct);
    }
}
