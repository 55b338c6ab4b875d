using MimeKit;
using HeatRelief.Audit;

namespace HeatRelief.Notifications;

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
