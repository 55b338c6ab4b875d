using System.Collections.Concurrent;
using HeatRelief.Alerts;
using HeatRelief.Heat;
using HeatRelief.Notifications;
using HeatRelief.Sites;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HeatRelief.Delivery;

/// <summary>
/// Delivery's send step: composes each recipient's alert text and sends it on their channel, a few at a time.
/// A transient failure is collected, not thrown, so the successes are recorded first. Logs under the delivery category.
/// </summary>
public sealed partial class DeliverySender(NotificationChannels channels, IOptions<HeatRulesOptions> rules, IEnumerable<IAlertAddendum> addenda, ILogger<DeliveryService> logger)
{
    private const int MaxParallelSends = 8;

    /// <summary>
    /// Sends to every recipient; returns each finished send and each transient failure. <paramref name="texts"/>, when
    /// given, keeps the composed texts by language across the calls of one message.
    /// </summary>
    public async Task<(IReadOnlyCollection<(Recipient Recipient, SendOutcome Outcome)> Outcomes, IReadOnlyCollection<Exception> Transient)> SendAllAsync(
        Alert alert, Site site, IEnumerable<Recipient> recipients, CancellationToken ct, Dictionary<string, (string Title, string Body)>? texts = null)
    {
        var outcomes = new ConcurrentBag<(Recipient Recipient, SendOutcome Outcome)>();
        var transient = new ConcurrentBag<Exception>();

        // The text depends on the alert, the site and the language only: composed once per language, not per recipient.
        var list = recipients.ToList();
        texts ??= new Dictionary<string, (string Title, string Body)>(StringComparer.Ordinal);
        foreach (var language in list.Select(r => r.Language).Distinct(StringComparer.Ordinal).Where(l => !texts.ContainsKey(l)).ToList())
        {
            texts[language] = AlertText.Compose(alert, site, language, rules.Value.MaxOutdoorHoursWhenLimited);
        }

        await Parallel.ForEachAsync(list, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelSends, CancellationToken = ct }, async (recipient, token) =>
        {
            try
            {
                outcomes.Add((recipient, await SendAsync(alert, site, recipient, texts[recipient.Language], token)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSendFailed(logger, ex, alert.Id, recipient.Id, recipient.Channel);
                transient.Add(ex);
            }
        });
        return (outcomes, transient);
    }

    private async Task<SendOutcome> SendAsync(Alert alert, Site site, Recipient recipient, (string Title, string Body) text, CancellationToken ct)
    {
        var channel = channels.Find(recipient.Channel);
        if (channel is null)
        {
            return SendOutcome.Permanent($"unknown channel '{recipient.Channel}'");
        }

        var (title, body) = text;
        var data = new Dictionary<string, object?>
        {
            ["alertId"] = alert.Id,
            ["siteId"] = site.Id,
            ["siteName"] = site.Name,
            ["date"] = alert.DateKey,
            ["kind"] = alert.Kind.ToString().ToLowerInvariant(),
            ["level"] = alert.Level.ToWire(),
            ["maxTemperatureC"] = alert.Grade.MaxTemperatureC,
            ["maxHeatIndexC"] = double.IsNaN(alert.Grade.MaxHeatIndexC) ? null : alert.Grade.MaxHeatIndexC,
            ["hottestWindow"] = alert.Grade.HottestWindow is { } w ? new { start = w.StartText, end = w.EndText } : null,
            ["forecastLevel"] = alert.Grade.Level.ToWire(),
            ["officialWarning"] = alert.Warning is { } o
                ? new
                {
                    identifier = o.Identifier,
                    level = o.Level.ToWire(),
                    senderName = o.SenderName(recipient.Language),
                    headline = o.Headline(recipient.Language),
                    expires = o.Expires,
                    decidedLevel = o.DecidedLevel,
                }
                : null,
            ["recipientId"] = recipient.Id,
        };
        foreach (var addition in addenda.Select(a => a.For(alert, site, recipient)).OfType<AlertAddition>())
        {
            body = $"{body}\n{addition.Text}";
            data[addition.DataKey] = addition.DataValue;
        }

        return await channel.SendAsync(new Notification(DeliveryService.IdempotencyKey(alert.Id, recipient.Id), recipient.Channel, recipient.Address, recipient.Language, title, body, data), ct);
    }

    [LoggerMessage(EventId = 4002, EventName = "SendFailed", Level = LogLevel.Warning, Message = "Sending alert {AlertId} to recipient {RecipientId} by {Channel} failed transiently")]
    private static partial void LogSendFailed(ILogger logger, Exception error, string alertId, string recipientId, string channel);
}
