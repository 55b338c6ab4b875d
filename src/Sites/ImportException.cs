namespace HeatRelief.Sites;

/// <summary>
/// An import that was refused; the message names file, line and column of every problem found, and
/// <see cref="Errors"/> lists them one by one (all of them, where the message shows the first 20).
/// </summary>
public sealed class ImportException(string message, Exception? inner = null, IReadOnlyList<ImportError>? errors = null) : Exception(message, inner)
{
    /// <summary>Each problem found; one without a line or column when the whole file was refused (too big, not text, no header).</summary>
    public IReadOnlyList<ImportError> Errors { get; } = errors ?? [];
}
