namespace HeatRelief.Sites;

/// <summary>An import that was refused; the message names file, line and column of every problem found.</summary>
public sealed class ImportException(string message, Exception? inner = null) : Exception(message, inner);
