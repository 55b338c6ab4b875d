using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace HeatRelief.Notifications;

/// <summary>E-mail through SMTP (MailKit). A rejected mailbox is permanent; a server that is down is transient.</summary>
public sealed class EmailChannel(IOptions<EmailOptions> options) : INotificationChannel
{
    public string Name => Channels.Email;

    public async Task<SendOutcome> SendAsync(Notification notification, CancellationToken ct)
    {
        if (!MailboxAddress.TryParse(notification.Address, out var to) || Channels.AddressProblem(Channels.Email, notification.Address) is not null)
        {
            return SendOutcome.Permanent("not an e-mail address");
        }

        var settings = options.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(to);
        message.Subject = notification.Title;
        message.Headers.Add("X-Idempotency-Key", notification.IdempotencyKey);
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("heatrelief.local").Replace("@", $".{Sanitize(notification.IdempotencyKey)}@", StringComparison.Ordinal);
        message.Body = new TextPart("plain") { Text = notification.Body };

        using var client = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, Enum.Parse<SecureSocketOptions>(settings.Security), ct);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? string.Empty, ct);
            }

            await client.SendAsync(message, ct);
            await client.DisconnectAsync(true, ct);
            return SendOutcome.Sent;
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted && (int)ex.StatusCode >= 500)
        {
            return SendOutcome.Permanent($"mail server refused the mailbox ({(int)ex.StatusCode})");
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException or System.Net.Sockets.SocketException or AuthenticationException or TimeoutException)
        {
            throw new TransientDeliveryException($"SMTP {settings.Host}:{settings.Port} failed: {ex.Message}", ex);
        }
    }

    private static string Sanitize(string key) => new([.. key.Where(char.IsAsciiLetterOrDigit)]);
}
