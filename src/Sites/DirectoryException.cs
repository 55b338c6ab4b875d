namespace HeatRelief.Sites;

/// <summary>
/// A lifecycle command naming a record that does not exist, or more than one. One the page may show carries its
/// <see cref="Code"/> and arguments (the message is their English text).
/// </summary>
public sealed class DirectoryException : Exception
{
    public DirectoryException(string message)
        : base(message)
    {
    }

    public DirectoryException(ProblemCode code, IReadOnlyDictionary<string, string> args)
        : base(code.Text(args))
    {
        Code = code;
        Args = args;
    }

    /// <summary>What is wrong, as a code; null for a command line's own message.</summary>
    public ProblemCode? Code { get; }

    /// <summary>The arguments of <see cref="Code"/>'s text by name.</summary>
    public IReadOnlyDictionary<string, string> Args { get; } = new Dictionary<string, string>();
}
