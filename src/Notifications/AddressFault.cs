namespace HeatRelief.Notifications;

/// <summary>What is wrong with an address on its channel (<see cref="AddressRefusal"/>).</summary>
public enum AddressFault
{
    /// <summary>A webhook address that is not an absolute http(s) URL.</summary>
    NotAUrl,

    /// <summary>A webhook URL that points where webhooks may not go.</summary>
    RefusedTarget,

    /// <summary>An e-mail address that is not one.</summary>
    NotAnEmail,

    /// <summary>A console address longer than <see cref="Channels.MaxConsoleAddress"/>.</summary>
    TooLong,

    /// <summary>A channel that is not one of <see cref="Channels.All"/>.</summary>
    UnknownChannel,
}
