namespace HeatRelief.Warnings;

/// <summary>A warning source failed as a whole (unreachable, refused, unreadable); the message is one line for people.</summary>
public sealed class WarningSourceException : Exception
{
    public WarningSourceException(string message)
        : base(message)
    {
    }

    public WarningSourceException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public WarningSourceException()
    {
    }
}
