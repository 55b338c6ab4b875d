using HeatRelief.Heat;
using HeatRelief.Notifications;
using HeatRelief.Sites;
using HeatRelief.Visits;
using Microsoft.Extensions.Options;

namespace HeatRelief.Acks;

/// <summary>
/// Sends what silence leads to: reminders to a site's managers (each with their own link), a word to the visit's
/// officer, a notice to the admins. Every send carries an idempotency key of the site, day, step and person, so a
/// step taken again after a crash can be dropped by the receiver.
/// </summary>
public sealed class AckNotices(NotificationChannels channels, AckLinks links, SiteDirectory directory, AdminNotices admins, IOptions<HeatRulesOptions> rules)
{
    /// <summary>Reminds every active manager of the site (one per contact); returns how many were reached.</summary>
    public async Task<int> RemindAsync(Site site, AckCase ack, CancellationToken ct)
    {
        var reached = 0;
        var contacts = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var page in directory.PageRecipientsAsync(site.Id, 100, ct))
        {
            foreach (var manager in page.Where(r => r.Active && r.IsManager && contacts.Add(r.ContactKey)))
            {
                var url = links.Url(links.Create(site.Id, ack.Date, manager.Id, ack.DayEnds));
                var (title, body) = AckText.Reminder(site, ack, rules.Value.MaxOutdoorHoursWhenLimited, url, manager.Language);
                var outcome = await SendAsync(manager.Channel, manager.Address, manager.Language, Key(ack, "remind", manager.Id), title, body,
                    Data(ack, url), ct);
                reached += outcome.Delivered ? 1 : 0;
            }
        }

        return reached;
    }

    /// <summary>Tells the visit's officer that the site has not confirmed (or breaks the red rule).</summary>
    public async Task<bool> TellOfficerAsync(Site site, AckCase ack, Officer officer, CancellationToken ct)
    {
        var (title, body) = AckText.Officer(site, ack, officer.Language);
        var outcome = await SendAsync(officer.Channel, officer.Address, officer.Language, Key(ack, "escalate", officer.Id), title, body,
            new Dictionary<string, object?>(Data(ack, null)) { ["visitId"] = Visit.IdFor(ack.SiteId, ack.Date), ["officerId"] = officer.Id }, ct);
        return outcome.Delivered;
    }

    /// <summary>Tells every admin; one admin's failing channel does not keep the others from hearing.</summary>
    public Task<int> TellAdminsAsync(Site site, AckCase ack, string hottestStartsAt, CancellationToken ct)
    {
        var (title, body) = AckText.Admins(site, ack, hottestStartsAt);
        return admins.TellAllAsync(Key(ack, "admins", "all"), title, body, Data(ack, null), skipTransient: true, ct);
    }

    private static string Key(AckCase ack, string step, string who) => $"ack:{ack.SiteId}_{ack.Date:yyyyMMdd}:{step}:{who}";

    private static Dictionary<string, object?> Data(AckCase ack, string? url) => new()
    {
        ["siteId"] = ack.SiteId,
        ["date"] = ack.DateKey,
        ["level"] = ack.Level.ToWire(),
        ["alertId"] = ack.AlertId,
        ["acknowledged"] = ack.Latest is not null,
        ["acknowledgeUrl"] = url,
    };

    private async Task<SendOutcome> SendAsync(string channelName, string address, string language, string key, string title, string body,
        Dictionary<string, object?> data, CancellationToken ct)
    {
        var channel = channels.Find(channelName);
        return channel is null
            ? SendOutcome.Permanent($"unknown channel '{channelName}'")
            : await channel.SendAsync(new Notification(key, channelName, address, language, title, body, data), ct);
    }
}
