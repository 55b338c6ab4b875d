using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Sites;
using HeatRelief.Warnings;
using Microsoft.Extensions.Options;
using HeatRelief.Notifications;

namespace HeatRelief.Visits;

/// <summary>
/// Tells officers about visits (with signed one-tap links), and admins (through <see cref="AdminNotices"/>)
/// about visits nobody could take, on the same channels as alerts. Each send carries an idempotency key, so a
/// retried send can be dropped by the receiver.
/// </summary>
public sealed class VisitNotifier(NotificationChannels channels, ActionLinks links, LocalTimeText localTime, IOptions<VisitOptions> options, AdminNotices adminNotices,
    IEnumerable<IOfferAddendum> addenda)
{
    public IReadOnlyList<AdminRecipient> Admins => adminNotices.Admins;

    /// <summary>The offer with accept and decline links, valid until the answer is due, and what later features add (the site's answer).</summary>
    /// <remarks><paramref name="additions"/>: what the later features add, read beforehand with <see cref="AdditionsAsync"/>; null reads them now.</remarks>
    public async Task<SendOutcome> OfferAsync(Visit a, Officer officer, Site site, HottestWindow? hottest, WarningCitation? warning,
        IReadOnlyList<OfferAddition>? additions, CancellationToken ct)
    {
        var acceptBy = a.AcceptBy ?? throw new InvalidOperationException($"visit {a.Id} has no answer deadline");
        var accept = links.Url(links.Create(a.Id, officer.Id, LinkAction.Accept, acceptBy));
        var decline = links.Url(links.Create(a.Id, officer.Id, LinkAction.Decline, acceptBy));
        var data = new Dictionary<string, object?> { ["acceptUrl"] = accept, ["declineUrl"] = decline, ["acceptBy"] = acceptBy };
        var notes = new List<string>();
        foreach (var addition in additions ?? await AdditionsAsync(a, officer.Language, ct))
        {
            notes.Add(addition.Text);
            data[addition.DataKey] = addition.DataValue;
        }

        var (title, body) = VisitText.Offer(a, site, hottest, acceptBy, accept, decline, officer.Language, localTime, warning,
            notes.Count == 0 ? null : string.Join(officer.Language == "zh" ? string.Empty : " ", notes));
        return await SendAsync(officer.Channel, officer.Address, officer.Language, $"{a.Id}:{officer.Id}:offer", title, body, a, officer.Id, data, ct);
    }

    /// <summary>
    /// What the later features add to several offers, each feature's read done once for them all (the day's pass
    /// offers a chunk of visits at once), per visit id in the features' order.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<OfferAddition>>> AdditionsAsync(IReadOnlyList<(Visit Visit, string Language)> offers, CancellationToken ct)
    {
        var result = offers.ToDictionary(o => o.Visit.Id, _ => new List<OfferAddition>(), StringComparer.Ordinal);
        foreach (var addendum in addenda)
        {
            foreach (var (visitId, addition) in await addendum.ForManyAsync(offers, ct))
            {
                result[visitId].Add(addition);
            }
        }

        return result.ToDictionary(r => r.Key, r => (IReadOnlyList<OfferAddition>)r.Value, StringComparer.Ordinal);
    }

    private async Task<IReadOnlyList<OfferAddition>> AdditionsAsync(Visit a, string language, CancellationToken ct)
    {
        var result = new List<OfferAddition>();
        foreach (var addendum in addenda)
        {
            if (await addendum.ForAsync(a, language, ct) is { } addition)
            {
                result.Add(addition);
            }
        }

        return result;
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
    public Task<int> AdminsAsync(Visit a, Site site, bool escalated, double? nobodyWithinKm, CancellationToken ct)
    {
        var (title, body) = VisitText.ForAdmins(a, site, escalated, "zh", nobodyWithinKm);
        return adminNotices.TellAllAsync($"{a.Id}:admins:{(escalated ? "escalated" : "unassigned")}:{a.Attempt}", title, body, VisitData(a, null, []),
            skipTransient: false, ct);
    }

    /// <summary>Parses <c>channel:address;channel:address</c>; throws naming the bad entry.</summary>
    public static IReadOnlyList<AdminRecipient> ParseAdmins(string? setting) => AdminNotices.ParseAdmins(setting);

    private Task<SendOutcome> SendAsync(string channelName, string address, string language, string key, string title, string body,
        Visit a, string? officerId, Dictionary<string, object?> extra, CancellationToken ct) =>
        SendAsync(channelName, address, language, key, title, body, VisitData(a, officerId, extra), ct);

    private static Dictionary<string, object?> VisitData(Visit a, string? officerId, Dictionary<string, object?> extra) =>
        new(extra)
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
