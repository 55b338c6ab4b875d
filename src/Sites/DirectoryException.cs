namespace HeatRelief.Sites;

/// <summary>A lifecycle command naming a record that does not exist, or more than one.</summary>
public sealed class DirectoryException(string message) : Exception(message);
