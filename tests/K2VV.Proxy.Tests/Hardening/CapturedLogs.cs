using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace K2VV.Proxy.Tests.Hardening;

/// <summary>
/// An <see cref="ILoggerProvider"/> that keeps every log line (formatted message, level, event id
/// and exception text) of every category in memory, so tests can count and search them.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    /// <summary>Every line logged so far.</summary>
    public IReadOnlyCollection<LogLine> Lines => _lines;

    /// <summary>Lines at <paramref name="level"/> or above.</summary>
    public IEnumerable<LogLine> AtLeast(LogLevel level) => _lines.Where(line => line.Level >= level);

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>One log line.</summary>
    public sealed record LogLine(string Category, LogLevel Level, EventId EventId, string Message, string? Exception)
    {
        /// <summary>The message, exception and state text: everything a log sink would receive.</summary>
        public string AllText => $"{Category} {Message} {Exception}";
    }

    private sealed class Logger(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        // Scopes (request id and path, per request) carry no header values; they are not kept,
        // because keeping them would grow memory by one entry per request.
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Structured state values are kept too: a sink such as a JSON console writes them.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" ", pairs.Select(pair => $"{pair.Key}={pair.Value}"))
                : "";
            lines.Enqueue(new LogLine(category, logLevel, eventId, formatter(state, exception) + " " + values, exception?.ToString()));
        }
    }
}
