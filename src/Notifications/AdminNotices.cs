using HeatRelief.Audit;

namespace HeatRelief.Notifications;

/// <summary>
/// Tells every configured admin something on the channels alerts use (a visit nobody could take, a heat check
/// the weather source failed). Each send carries an idempotency key, so a retried send can be dropped by the receiver.
/// </summary>
public sealed class AdminNotices(NotificationChannels channels, IReadOnlyList<AdminRecipient> admins)
{
    /// <summary>
    /// The one setting that lists the admins. It is documented and validated at start with the visit options
    /// (<c>Visits__AdminRecipients</c>), where it has always lived.
    /// </summary>
    public const string SettingKey = "Visits:AdminRecipients";

    public IReadOnlyList<AdminRecipient> Admins => admins;

    /// <summary>
    /// Sends one notice to every admin, in Chinese; returns how many were reached. With
    /// <paramref name="skipTransient"/>, an admin whose channel fails transiently is skipped so the others still
    /// hear (for notices nothing retries); without, the failure throws and the caller's message is retried.
    /// </summary>
    public async Task<int> TellAllAsync(string key, string title, string body, IReadOnlyDictionary<string, object?> data, bool skipTransient, CancellationToken ct)
    {
        var reached = 0;
        foreach (var admin in admins)
        {
            try
            {
                var outcome = await SendAsync(admin.Channel, admin.Address, "zh", key, title, body, data, ct);
                reached += outcome.Delivered ? 1 : 0;
            }
            catch (TransientDeliveryException) when (skipTransient)
            {
            }
        }

        return reached;
    }

    /// <summary>Parses <c>channel:address;channel:address</c>; throws naming the bad entry.</summary>
    public static IReadOnlyList<AdminRecipient> ParseAdmins(string? setting)
    {
        var result = new List<AdminRecipient>();
        foreach (var entry in (setting ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            var channel = colon > 0 ? entry[..colon].Trim().ToLowerInvariant() : string.Empty;
            var address = colon > 0 ? entry[(colon + 1)..].Trim() : string.Empty;
            if (Channels.AddressProblem(channel, address) is { } problem)
            {
                throw new ArgumentException($"entry '{Masking.Mask(entry)}' is not channel:address ({problem})");
            }

            result.Add(new AdminRecipient(channel, address));
        }

        return result;
    }

    private async Task<SendOutcome> SendAsync(string channelName, string address, string language, string key, string title, string body,
        IReadOnlyDictionary<string, object?> data, CancellationToken ct)
    {
        var channel = channels.Find(channelName);
        if (channel is null)
        {
            return SendOutcome.Permanent($"unknown channel '{channelName}'");
        }

        return await channel.SendAsync(new Notification(key, channelName, address, language, title, body, data), ct);
    }
}
