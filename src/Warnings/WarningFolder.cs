namespace HeatRelief.Warnings;

/// <summary>
/// Reads every <c>*.xml</c> in a folder as CAP: the offline source and the demo's sample set. A bad file is reported
/// with its name and reason and the others still count; a missing folder is a failure of the whole source.
/// </summary>
public sealed class WarningFolder(CapParser parser)
{
    public WarningFolderRead Read(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return new WarningFolderRead([], [], $"warnings folder '{folder}' does not exist");
        }

        var results = Directory.EnumerateFiles(folder, "*.xml", SearchOption.TopDirectoryOnly)
            .Order(StringComparer.Ordinal)
            .Select(parser.ParseFile)
            .ToList();
        return new WarningFolderRead(
            [.. results.Where(r => r.Document is not null).Select(r => r.Document!)],
            [.. results.Where(r => r.Document is null)],
            null);
    }
}
