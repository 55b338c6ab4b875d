using System.ComponentModel.DataAnnotations;

namespace HeatRelief.Delivery;

/// <summary>How HeatRelief authenticates itself to the webhooks it posts to.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhook";

    /// <summary>
    /// Sent as <c>Authorization: Bearer</c> with every post to a generic webhook, so the receiver can tell
    /// HeatRelief from anyone else. Never sent to WeCom or DingTalk robots (their URL carries their key).
    /// Empty: no header. In Azure, the Key Vault secret <c>webhook-token</c>.
    /// </summary>
    [MaxLength(1000)] public string Token { get; set; } = string.Empty;
}
