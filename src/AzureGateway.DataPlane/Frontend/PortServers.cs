using System.Net;
using AzureGateway.IR;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Frontend;

/// <summary>
/// The host's server: one Kestrel server per port, all running the host's one application.
/// </summary>
/// <remarks>
/// A running Kestrel server cannot add or remove endpoints, and Kestrel's endpoint reload from configuration
/// neither reports whether a bind succeeded nor lets the caller wait for it. With one server per port,
/// opening or closing a port starts or stops only that server and never touches the connections of the
/// other ports; and since all of them run the same application (one pipeline, one configuration, one set
/// of backend connection pools), a request is served the same way whichever port it arrives on.
/// Ports are opened and closed by one caller at a time (<see cref="GatewayDataPlane"/> serialises them).
/// </remarks>
internal sealed partial class PortServers(IServiceProvider services, ILogger<PortServers> logger) : IServer
{
    private readonly Dictionary<int, PortListener> _listeners = [];
    private Func<KestrelServer, int, CancellationToken, Task>? _run;

    public IFeatureCollection Features { get; } = new FeatureCollection();

    /// <summary>The open ports, by the IR's port number.</summary>
    public IReadOnlyDictionary<int, PortListener> Listeners => _listeners;

    /// <summary>Called once by the host with its application; ports open later, one by one.</summary>
    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        _run = (server, port, token) => server.StartAsync(new PortApplication<TContext>(application, new GatewayPortFeature(port)), token);
        return Task.CompletedTask;
    }

    public async Task OpenAsync(
        int port, PortProtocol protocol, IPEndPoint endpoint, TlsHandshakeCallbackOptions? tls, ConnectionDelegate? connections,
        CancellationToken cancellationToken)
    {
        var run = _run ?? throw new InvalidOperationException("the host has not started");
        var listener = await PortListener.StartAsync(
            port, protocol, endpoint, tls, connections, (server, token) => run(server, port, token), services, cancellationToken);
        _listeners[port] = listener;
        Log.PortOpened(logger, port, protocol, endpoint.Address, listener.BoundPort);
    }

    /// <summary>Closes ports together, each letting its requests finish until <paramref name="drain"/> is cancelled.</summary>
    public Task CloseAsync(IEnumerable<int> ports, CancellationToken drain)
    {
        var closing = ports.Select(port => _listeners[port]).ToList();
        foreach (var listener in closing)
        {
            _listeners.Remove(listener.Port);
        }
        return Task.WhenAll(closing.Select(async listener =>
        {
            await listener.StopAsync(drain);
            Log.PortClosed(logger, listener.Port, listener.BoundPort);
        }));
    }

    public Task StopAsync(CancellationToken cancellationToken) => CloseAsync([.. _listeners.Keys], cancellationToken);

    public void Dispose()
    {
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Port {Port} ({Protocol}) listening on {Address}:{BoundPort}")]
        public static partial void PortOpened(ILogger logger, int port, PortProtocol protocol, IPAddress address, int boundPort);

        [LoggerMessage(Level = LogLevel.Information, Message = "Port {Port} closed (was listening on {BoundPort})")]
        public static partial void PortClosed(ILogger logger, int port, int boundPort);
    }
}
