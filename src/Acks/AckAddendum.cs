using HeatRelief.Alerts;
using HeatRelief.Delivery;
using HeatRelief.Heat;
using HeatRelief.Sites;
using Microsoft.Extensions.Options;

namespace HeatRelief.Acks;

/// <summary>
/// Adds the acknowledgement link to each manager's alert when the level is raised or escalated to orange or red:
/// the law's duty that day and a link to the form, valid until the end of the heat day at the site.
/// </summary>
public sealed class AckAddendum(AckLinks links, IOptions<HeatRulesOptions> rules) : IAlertAddendum
{
    /// <summary>Whether an alert asks the site to confirm its measures.</summary>
    public static bool Asks(Alert alert) => alert.Kind != AlertKind.Cleared && alert.Level >= HeatLevel.Orange;

    public AlertAddition? For(Alert alert, Site site, Recipient recipient)
    {
        if (!Asks(alert) || !recipient.IsManager)
        {
            return null;
        }

        var url = links.Url(links.Create(site.Id, alert.Date, recipient.Id, EndOfDay(alert)));
        return new AlertAddition(AckText.Ask(alert.Level, rules.Value.MaxOutdoorHoursWhenLimited, url, recipient.Language), "acknowledgeUrl", url);
    }

    /// <summary>The end of the alert's heat day at the site.</summary>
    public static DateTimeOffset EndOfDay(Alert alert) =>
        new(alert.Date.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromSeconds(alert.UtcOffsetSeconds));
}
