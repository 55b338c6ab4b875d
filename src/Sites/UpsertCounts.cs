namespace HeatRelief.Sites;

/// <summary>
/// What an upsert did: rows added, rows changed, rows already as given; of the changed and unchanged, how many
/// were removed earlier and stay removed.
/// </summary>
public readonly record struct UpsertCounts(int Added, int Changed, int Unchanged, int StillRemoved = 0);
