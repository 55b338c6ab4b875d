using System.ComponentModel.DataAnnotations;

namespace HeatRelief.Notifications;

/// <summary>How HeatRelief signs the webhooks it posts, and which private targets it may post to.</summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string SectionName = "Webhook";

    /// <summary>
    /// Standard Webhooks signing secret, <c>whsec_</c> followed by base64 of 16 to 64 random bytes. Every post
    /// to a generic webhook carries <c>webhook-signature: v1,&lt;HMAC-SHA256 of "id.timestamp.body"&gt;</c>
    /// made with it; never sent anywhere, and not used for WeCom or DingTalk robots (their URL carries their
    /// key). Empty: posts go unsigned. In Azure, the Key Vault secret <c>webhook-signing-secret</c>.
    /// </summary>
    [MaxLength(200)] public string SigningSecret { get; set; } = string.Empty;

    /// <summary>
    /// Private, loopback or link-local targets webhooks may still reach, e.g. a receiver on this machine:
    /// <c>host:port</c> entries or CIDR ranges, separated by <c>;</c> or <c>,</c>. Empty (the default, and
    /// always in Azure): webhooks go to public addresses only.
    /// </summary>
    [MaxLength(2000)] public string AllowedPrivateTargets { get; set; } = string.Empty;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SigningSecret.Length > 0 && WebhookSignature.KeyProblem(SigningSecret) is { } secretProblem)
        {
            yield return new ValidationResult(secretProblem, [nameof(SigningSecret)]);
        }

        if (WebhookTargets.AllowlistProblem(AllowedPrivateTargets) is { } listProblem)
        {
            yield return new ValidationResult(listProblem, [nameof(AllowedPrivateTargets)]);
        }
    }
}
