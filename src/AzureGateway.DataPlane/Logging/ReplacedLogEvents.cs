using AzureGateway.DataPlane.Backends;
using AzureGateway.DataPlane.Frontend;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Logging;

/// <summary>
/// The data plane's logger factory: the host's own, less the lines of YARP and Kestrel that another line of ours
/// replaces. Those lines carry a stack trace (YARP's failed forward, about 2 KB; Kestrel's HTTP/2 flood, at Critical,
/// once per queued frame) or stay at Debug (Kestrel's failed TLS handshake) for something a backend or a client caused:
/// <see cref="BackendExchange"/> already writes the line that says why a forward failed, and Kestrel's events about a
/// client go to <see cref="ClientFailureLog"/>, which writes one line saying what the client did, summarised when it
/// repeats, and counts it. Every other line stays as it was.
/// </summary>
/// <remarks>
/// A filter on the host's logging builder would not reach this: the caller hands the data plane a finished factory.
/// The client failure log is resolved when first needed, since it is itself built by the host this factory serves.
/// </remarks>
internal sealed class ReplacedLogEvents(ILoggerFactory inner, Func<ClientFailureLog> clientFailures) : ILoggerFactory
{
    // The categories and event names, as YARP and Kestrel write them.
    private const string ForwarderCategory = "Yarp.ReverseProxy.Forwarder.HttpForwarder";
    private const string ForwardingError = "ForwardingError";
    private const string HttpsCategory = "Microsoft.AspNetCore.Server.Kestrel.Https.Internal.HttpsConnectionMiddleware";
    private const string AuthenticationFailed = "AuthenticationFailed";
    private const string AuthenticationTimedOut = "AuthenticationTimedOut";
    private const string Http2Category = "Microsoft.AspNetCore.Server.Kestrel.Http2";
    private const int RememberedFloodingConnections = 1024;

    // Kestrel's events for an HTTP/2 connection it closes because the client floods it.
    private static readonly Dictionary<string, string> Http2Floods = new(StringComparer.Ordinal)
    {
        ["Http2QueueOperationsExceeded"] = "output_queue_exceeded",
        ["Http2FlowControlQueueOperationsExceeded"] = "flow_control_queue_exceeded",
        ["Http2TooManyEnhanceYourCalms"] = "too_many_resets",
    };

    // The HTTP/2 connections last reported, so that a connection counts once though Kestrel writes its event for each
    // frame it drops, also after it has logged the connection closed. Connection ids are never reused; the oldest is
    // forgotten beyond the limit.
    private readonly HashSet<string> _floodingConnections = new(StringComparer.Ordinal);
    private readonly Queue<string> _floodingOrder = new();
    private readonly Lock _lock = new();

    public ILogger CreateLogger(string categoryName) => categoryName switch
    {
        ForwarderCategory => new Replacing(inner.CreateLogger(categoryName), (_, eventId, _, _) => eventId.Name == ForwardingError, LogLevel.None),
        HttpsCategory => new Replacing(inner.CreateLogger(categoryName), HandshakeFailed, LogLevel.Debug),
        Http2Category => new Replacing(inner.CreateLogger(categoryName), Http2Event, LogLevel.Debug),
        _ => inner.CreateLogger(categoryName),
    };

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The caller owns the factory it gave.
    public void Dispose()
    {
    }

    private bool HandshakeFailed(LogLevel level, EventId eventId, object? state, Exception? exception)
    {
        if (eventId.Name == AuthenticationTimedOut)
        {
            clientFailures().Failed(ClientFailureKind.TlsHandshake, "timeout", "the client did not complete the handshake in time");
            return true;
        }
        if (eventId.Name != AuthenticationFailed || exception is null)
        {
            return false;
        }
        // A client certificate the listener refused has its line already (FrontendTls).
        if (!ClientCertificateRefusal.Is(exception))
        {
            clientFailures().TlsHandshakeFailed(exception);
        }
        return true;
    }

    private bool Http2Event(LogLevel level, EventId eventId, object? state, Exception? exception)
    {
        if (eventId.Name is not { } name || !Http2Floods.TryGetValue(name, out var reason))
        {
            return false;
        }
        var connection = (state as IReadOnlyList<KeyValuePair<string, object?>>)?.FirstOrDefault(p => p.Key == "ConnectionId").Value?.ToString() ?? "";
        bool first;
        lock (_lock)
        {
            first = _floodingConnections.Add(connection);
            if (first)
            {
                _floodingOrder.Enqueue(connection);
                if (_floodingOrder.Count > RememberedFloodingConnections)
                {
                    _floodingConnections.Remove(_floodingOrder.Dequeue());
                }
            }
        }
        if (first)
        {
            clientFailures().Failed(ClientFailureKind.Http2Flood, reason, "the client sent frames faster than it read the answers, or opened and reset streams at once");
        }
        return true;
    }

    /// <summary>
    /// A category's logger that hands each event to <c>replaced</c>, which says whether it took it; the others go on.
    /// It is enabled from <c>observedFrom</c> so that events below the host's level still reach <c>replaced</c>
    /// (<see cref="LogLevel.None"/>: only where the host's level lets them through).
    /// </summary>
    private sealed class Replacing(ILogger inner, Func<LogLevel, EventId, object?, Exception?, bool> replaced, LogLevel observedFrom) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => (logLevel >= observedFrom && logLevel != LogLevel.None) || inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!replaced(logLevel, eventId, state, exception) && inner.IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
