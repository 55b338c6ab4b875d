using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HeatRelief.Tests.Infrastructure;

/// <summary>One log record as a sink would store it: category, event, text and structured properties.</summary>
public sealed record CapturedLog(string Category, string? EventName, LogLevel Level, string Message, IReadOnlyDictionary<string, string?> Properties);

/// <summary>A logger provider that keeps every record, so tests can check what logs carry (and what they must not).</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _records = new();

    public IReadOnlyList<CapturedLog> Records => [.. _records];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _records);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Where(p => p.Key != "{OriginalFormat}").ToDictionary(p => p.Key, p => p.Value?.ToString())
                : [];
            records.Enqueue(new CapturedLog(category, eventId.Name, logLevel, formatter(state, exception), properties));
        }
    }
}
