namespace HeatRelief.Sites;

/// <summary>The kinds of record the directory holds, as the lifecycle commands name them.</summary>
public enum DirectoryKind
{
    Site,
    Recipient,
    Officer,
}
