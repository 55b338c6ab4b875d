namespace HeatRelief.Notifications;

/// <summary>Finds the channel for a name.</summary>
public sealed class NotificationChannels(IEnumerable<INotificationChannel> channels)
{
    private readonly Dictionary<string, INotificationChannel> _byName = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);

    public INotificationChannel? Find(string name) => _byName.GetValueOrDefault(name);
}
