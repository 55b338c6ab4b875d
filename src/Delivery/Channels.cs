using System.Text.RegularExpressions;
using MimeKit;

namespace HeatRelief.Delivery;

/// <summary>The notification channels a recipient or officer can be reached on.</summary>
public static class Channels
{
    public const string Webhook = "webhook";
    public const string Email = "email";
    public const string Console = "console";

    public static readonly IReadOnlyList<string> All = [Webhook, Email, Console];

    /// <summary>
    /// Why an address is not usable on a channel, or null when it is. With <paramref name="targets"/>, a webhook
    /// URL must also point somewhere webhooks may go (no private, loopback or metadata address written as an
    /// IP or a localhost name); without, only its form is checked (connect time checks the target anyway).
    /// </summary>
    public static string? AddressProblem(string channel, string address, WebhookTargets? targets = null) => channel switch
    {
        Webhook => !Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            ? $"'{Masking.Mask(address)}' is not an absolute http(s) URL"
            : targets?.UrlProblem(uri) is { } refused ? $"'{Masking.Mask(address)}' is not an allowed webhook target: {refused}" : null,
        Email => MailboxAddress.TryParse(address, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal) && !address.Contains(',', StringComparison.Ordinal)
            ? null
            : $"'{Masking.Mask(address)}' is not an e-mail address",
        Console => address.Length <= 256 ? null : "address is longer than 256 characters",
        _ => $"unknown channel '{channel}' (expected {string.Join(", ", All)})",
    };
}

/// <summary>Masks phone numbers and e-mail addresses before they reach logs or the audit trail.</summary>
public static partial class Masking
{
    /// <summary>138****5678 for phone numbers, w***@example.com for e-mail, host only for URLs.</summary>
    public static string Mask(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            // Webhook URLs carry access tokens in their query or path: keep only where they point.
            return $"{uri.Scheme}://{uri.Authority}/***";
        }

        return MaskText(value);
    }

    /// <summary>Masks every phone number and e-mail address inside free text.</summary>
    public static string MaskText(string text) =>
        Email().Replace(Phone().Replace(text, m => m.Value[..3] + "****" + m.Value[^4..]), m => m.Groups[1].Value[..1] + "***@" + m.Groups[2].Value);

    [GeneratedRegex(@"(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)")]
    private static partial Regex Phone();

    [GeneratedRegex(@"([A-Za-z0-9._%+-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")]
    private static partial Regex Email();
}
