namespace HeatRelief.Notifications;

/// <summary>One admin who hears about visits no officer could take and heat checks that got no forecast.</summary>
public sealed record AdminRecipient(string Channel, string Address);
