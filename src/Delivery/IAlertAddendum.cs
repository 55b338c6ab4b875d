using HeatRelief.Alerts;
using HeatRelief.Sites;

namespace HeatRelief.Delivery;

/// <summary>
/// Something a later feature adds to one recipient's alert (a site manager's acknowledgement link): a line at the
/// end of the body and one entry of the webhook data. Registered by that feature, so delivery imports none above it.
/// </summary>
public interface IAlertAddendum
{
    /// <summary>The addition for this recipient of this alert, or null for none.</summary>
    AlertAddition? For(Alert alert, Site site, Recipient recipient);
}
