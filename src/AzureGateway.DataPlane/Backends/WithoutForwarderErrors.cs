using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// The data plane's logger factory: the host's own, less YARP's warning for each failed forward. That warning carries
/// the exception's stack trace (about 2 KB) for something a backend or a client caused, and <see cref="BackendExchange"/>
/// already writes the one line that says why, summarised when it repeats. Every other line of YARP's stays.
/// </summary>
/// <remarks>
/// A filter on the host's logging builder would not reach this: the caller hands the data plane a finished factory.
/// </remarks>
internal sealed class WithoutForwarderErrors(ILoggerFactory inner) : ILoggerFactory
{
    // The category of IHttpForwarder's logger, and the name of the event it writes for a ForwarderError.
    private const string ForwarderCategory = "Yarp.ReverseProxy.Forwarder.HttpForwarder";
    private const string ForwardingError = "ForwardingError";

    public ILogger CreateLogger(string categoryName) => categoryName == ForwarderCategory
        ? new ForwarderLogger(inner.CreateLogger(categoryName))
        : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The caller owns the factory it gave.
    public void Dispose()
    {
    }

    private sealed class ForwarderLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name != ForwardingError)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
