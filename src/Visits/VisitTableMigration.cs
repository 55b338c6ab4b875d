namespace HeatRelief.Visits;

/// <summary>What copying the former visits table did.</summary>
public sealed record VisitTableMigration(bool FormerTableFound, int Read, int Copied, int AlreadyThere)
{
    /// <summary>The one line the migrate command prints.</summary>
    public string Describe(string formerTable, string visitsTable) =>
        !FormerTableFound ? $"nothing to migrate: there is no {formerTable} table"
        : Read == 0 ? $"nothing to migrate: the {formerTable} table is empty"
        : $"migrated {formerTable} to {visitsTable}: {Read} rows read, {Copied} copied, {AlreadyThere} already in {visitsTable}";
}
