using HeatRelief.Audit;
using HeatRelief.Heat;
using HeatRelief.Notifications;
using Microsoft.Extensions.Options;

namespace HeatRelief.Digest;

/// <summary>
/// Sends one digest on the recipient's channel, with the key <see cref="DigestRecipient.IdempotencyKey"/> (a send
/// repeated after a crash can be dropped by the receiver), and audits a delivered one (<c>digest.sent</c>).
/// </summary>
public sealed class DigestSender(NotificationChannels channels, AuditLog audit, LocalTimeText local, IOptions<HeatRulesOptions> rules)
{
    /// <summary>Sends; a failure that may pass throws <see cref="TransientDeliveryException"/>.</summary>
    public async Task<SendOutcome> SendAsync(DateOnly today, DigestLetter letter, DateTimeOffset now, CancellationToken ct)
    {
        var to = letter.To;
        var channel = channels.Find(to.Channel);
        if (channel is null)
        {
            return SendOutcome.Permanent($"unknown channel '{to.Channel}'");
        }

        var (title, body) = DigestText.Compose(today, letter.Entries, local.Zone, to.Language, rules.Value.MaxOutdoorHoursWhenLimited);
        var date = Alerts.Alert.DateKeyOf(today);
        var data = new Dictionary<string, object?>
        {
            ["kind"] = "digest",
            ["date"] = date,
            ["sites"] = letter.Entries.Select(e => new Dictionary<string, object?>
            {
                ["siteId"] = e.SiteId,
                ["date"] = Alerts.Alert.DateKeyOf(e.Date),
                ["level"] = e.Level.ToWire(),
                ["hottestStart"] = e.HottestStart,
                ["hottestEnd"] = e.HottestEnd,
            }).ToList(),
        };
        var outcome = await channel.SendAsync(new Notification(to.IdempotencyKey(today), to.Channel, to.Address, to.Language, title, body, data), ct);
        if (outcome.Delivered)
        {
            var sites = letter.Entries.Select(e => e.SiteId).Distinct(StringComparer.Ordinal).ToList();
            var levels = letter.Entries.Select(e => $"{e.SiteId} {Alerts.Alert.DateKeyOf(e.Date)} {e.Level.ToWire()}");
            await audit.WriteOnceAsync([(new AuditRecord(AuditKinds.DigestSent,
                $"daily digest {date} to {to.Kind} {to.Id}: {string.Join(", ", levels)}",
                SiteId: to.Kind == DigestRecipient.ManagerKind ? sites[0] : null,
                OfficerId: to.Kind == DigestRecipient.OfficerKind ? to.Id : null,
                Details: new { date, recipient = to.Key, sites }) { Time = now }, $"digest|{to.Key}|{date}")], ct);
        }

        return outcome;
    }
}
