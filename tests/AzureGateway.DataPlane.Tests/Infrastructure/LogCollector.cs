using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// Keeps every log entry at Warning or above (or the level given), so tests can assert what the gateway said and why.
/// An entry with an exception ends with it, stack trace included, as a console log would show it.
/// </summary>
internal sealed class LogCollector(LogLevel minimumLevel = LogLevel.Warning) : ILoggerProvider, ILoggerFactory
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly LogLevel _minimumLevel = minimumLevel;

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Logger(LogCollector collector) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= collector._minimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                collector._lines.Enqueue(exception is null
                    ? $"{logLevel}: {formatter(state, exception)}"
                    : $"{logLevel}: {formatter(state, exception)}\n{exception}");
            }
        }
    }
}
