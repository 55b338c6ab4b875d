using MimeKit;

namespace HeatRelief.Notifications;

/// <summary>The notification channels a recipient or officer can be reached on.</summary>
public static class Channels
{
    public const string Webhook = "webhook";
    public const string Email = "email";
    public const string Console = "console";

    public static readonly IReadOnlyList<string> All = [Webhook, Email, Console];

    /// <summary>The longest console address.</summary>
    public const int MaxConsoleAddress = 256;

    /// <summary>
    /// Why an address is not usable on a channel, or null when it is. With <paramref name="targets"/>, a webhook
    /// URL must also point somewhere webhooks may go (no private, loopback or metadata address written as an
    /// IP or a localhost name); without, only its form is checked (connect time checks the target anyway).
    /// </summary>
    public static string? AddressProblem(string channel, string address, WebhookTargets? targets = null) =>
        Refusal(channel, address, targets)?.Text;

    /// <summary><see cref="AddressProblem"/> as a fault and its details, for a caller that words it itself.</summary>
    public static AddressRefusal? Refusal(string channel, string address, WebhookTargets? targets = null) => channel switch
    {
        Webhook => !Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            ? AddressRefusal.For(AddressFault.NotAUrl, address)
            : targets?.UrlProblem(uri) is { } refused ? AddressRefusal.For(AddressFault.RefusedTarget, address, refused) : null,
        Email => MailboxAddress.TryParse(address, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal) && !address.Contains(',', StringComparison.Ordinal)
            ? null
            : AddressRefusal.For(AddressFault.NotAnEmail, address),
        Console => address.Length <= MaxConsoleAddress ? null : AddressRefusal.For(AddressFault.TooLong, address),
        _ => AddressRefusal.For(AddressFault.UnknownChannel, channel),
    };
}
