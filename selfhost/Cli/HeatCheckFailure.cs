using Azure;
using HeatRelief.Weather;
using Polly.Timeout;

namespace HeatRelief.SelfHost.Cli;

/// <summary>Turns a failed heat check into one line a person can act on: the cause, and what was kept.</summary>
public static class HeatCheckFailure
{
    /// <summary>
    /// The cause and what was kept. The weather stage (<c>HeatCheckService</c>) changes no level, writes
    /// weather.failed to the audit log and tells the admins, when there are any.
    /// </summary>
    public static string Describe(Exception error, bool adminsConfigured)
    {
        var cause = Cause(error);
        var weatherKept = adminsConfigured ? "no level changed, admins told" : "no level changed, recorded in the audit log (no admins to tell: Visits__AdminRecipients is empty)";
        return cause switch
        {
            HttpRequestException => $"weather source unreachable ({FirstLine(cause)}): {weatherKept}",
            TimeoutRejectedException or TaskCanceledException => $"weather source did not answer in time ({FirstLine(cause)}): {weatherKept}",
            WeatherDataException => $"weather data unusable ({FirstLine(cause)}): {weatherKept}",
            RequestFailedException storage => $"storage failed ({(storage.Status == 0 ? string.Empty : $"{storage.Status} ")}{FirstLine(cause)}): the heat check stopped part-way; what it wrote is kept and the next check completes it",
            _ => $"the heat check failed ({cause.GetType().Name}: {FirstLine(cause)})",
        };
    }

    /// <summary>The exception under the job host's and the runtime's wrappers.</summary>
    public static Exception Cause(Exception error)
    {
        var cause = error;
        while (cause.InnerException is { } inner && cause is not (HttpRequestException or WeatherDataException or RequestFailedException or TimeoutRejectedException))
        {
            cause = inner;
        }

        return cause;
    }

    /// <summary>The first line of a message (storage errors carry a multi-line one), trimmed.</summary>
    public static string FirstLine(Exception error)
    {
        var message = error.Message.Trim();
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).TrimEnd();
    }
}
