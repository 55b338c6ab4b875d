namespace HeatRelief.Acks;

/// <summary>What became of an answer sent through an acknowledgement link.</summary>
public enum AckRecordResult
{
    /// <summary>The site's first answer of the day: the one that counts.</summary>
    First,

    /// <summary>A later answer of the day, kept as an update.</summary>
    Update,

    /// <summary>This link already answered; nothing changed.</summary>
    Used,

    /// <summary>No acknowledgement was asked of the site that day; nothing changed.</summary>
    NotAsked,
}
