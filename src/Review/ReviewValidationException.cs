namespace HeatRelief.Review;

/// <summary>
/// A review request that cannot be answered as asked (a bad date range, page size, continuation token or
/// queue name): the caller's mistake, to be shown to them (HTTP 400, CLI exit 2), never a server error.
/// </summary>
public sealed class ReviewValidationException(string parameter, string message) : ArgumentException(message, parameter)
{
    /// <summary>The message alone, without the " (Parameter 'x')" suffix ArgumentException adds.</summary>
    public override string Message { get; } = message;
}
