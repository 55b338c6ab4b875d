namespace HeatRelief.Acks;

/// <summary>What silence leads to, in order; each happens once per site and heat day.</summary>
public enum AckStep
{
    /// <summary>The managers are reminded (after <see cref="AckOptions.DueMinutes"/>).</summary>
    Remind,

    /// <summary>The visit is offered first and its officer told (after <see cref="AckOptions.EscalateMinutes"/>, or at once when a red site's answer says work continues).</summary>
    Escalate,

    /// <summary>The admins are told (by the hottest window's start, or at once when a red site's answer says work continues).</summary>
    TellAdmins,
}
