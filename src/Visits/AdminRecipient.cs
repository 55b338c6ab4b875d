namespace HeatRelief.Visits;

/// <summary>One admin who hears about visits no officer could take.</summary>
public sealed record AdminRecipient(string Channel, string Address);
