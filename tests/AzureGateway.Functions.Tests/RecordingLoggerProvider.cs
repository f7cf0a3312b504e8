using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Functions.Tests;

/// <summary>Keeps every log record the app writes, so a test can assert what an operator would read.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> records = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Records => [.. records];

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(records);

    public void Dispose()
    {
    }

    private sealed class RecordingLogger(ConcurrentQueue<(LogLevel, string)> records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            records.Enqueue((logLevel, formatter(state, exception)));
    }
}
