using System.Net;
using AzureGateway.IR;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AzureGateway.DataPlane.Frontend;

/// <summary>One Kestrel server listening on one port.</summary>
internal sealed class PortListener
{
    private readonly KestrelServer _server;

    private PortListener(KestrelServer server, int port, PortProtocol protocol, int boundPort)
    {
        _server = server;
        Port = port;
        Protocol = protocol;
        BoundPort = boundPort;
    }

    /// <summary>The port as the IR declares it.</summary>
    public int Port { get; }

    public PortProtocol Protocol { get; }

    /// <summary>The port actually listened on (after the offset, or chosen by the OS).</summary>
    public int BoundPort { get; }

    public static async Task<PortListener> StartAsync(
        int port,
        PortProtocol protocol,
        IPEndPoint endpoint,
        TlsHandshakeCallbackOptions? tls,
        ConnectionDelegate? connections,
        Func<KestrelServer, CancellationToken, Task> run,
        IServiceProvider services,
        CancellationToken cancellationToken)
    {
        var options = new KestrelServerOptions { AddServerHeader = false, ApplicationServices = services };
        var dataPlane = services.GetRequiredService<DataPlaneOptions>();
        options.Limits.MaxRequestBodySize = dataPlane.MaxRequestBodyBytes;
        options.Limits.MaxRequestHeadersTotalSize = dataPlane.MaxRequestHeadersTotalBytes;
        options.Limits.MaxConcurrentConnections = null; // counted by the quota below, once for the port's endpoints
        options.Limits.MaxConcurrentUpgradedConnections = dataPlane.MaxConcurrentConnections;
        var quota = dataPlane.MaxConcurrentConnections is { } limit
            ? new ConnectionQuota(limit, services.GetRequiredService<ILogger<ConnectionQuota>>())
            : null;
        var transport = services.GetRequiredService<IConnectionListenerFactory>();
        if (connections is not null)
        {
            // A port of raw connections (TLS routes): the handler takes the connection whole, and HTTP never runs.
            options.Listen(endpoint, listen => listen.Use(_ => Limited(connections, quota)));
        }
        else if (tls is not null)
        {
            // HTTP/2 is offered through ALPN.
            options.Listen(endpoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.Use(next => Limited(next, quota));
                var clientFailures = services.GetRequiredService<ClientFailureLog>();
                listen.Use(next => connection => clientFailures.ObserveHandshakeAsync(next, connection));
                listen.UseHttps(tls);
            });
        }
        else
        {
            // Without TLS there is no ALPN: the first bytes tell HTTP/1.1 from h2c, and each goes to its endpoint.
            transport = new CleartextHttpTransport(transport, options.Limits.KeepAliveTimeout, dataPlane.TimeProvider);
            foreach (var http in new[] { HttpProtocols.Http1, HttpProtocols.Http2 })
            {
                options.Listen(CleartextHttpTransport.Endpoint(endpoint, http), listen =>
                {
                    listen.Protocols = http;
                    listen.Use(next => Limited(next, quota));
                });
            }
        }
        var server = new KestrelServer(Options.Create(options), transport, services.GetRequiredService<ILoggerFactory>());
        try
        {
            await run(server, cancellationToken);
        }
        catch
        {
            server.Dispose();
            throw;
        }
        // A plain-text port's two endpoints share its one address.
        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.Distinct().Single();
        return new PortListener(server, port, protocol, BindingAddress.Parse(address).Port);
    }

    private static ConnectionDelegate Limited(ConnectionDelegate next, ConnectionQuota? quota) => quota?.Guard(next) ?? next;

    /// <summary>Stops accepting, lets requests in flight finish until <paramref name="drain"/> is cancelled, then closes what is left.</summary>
    public async Task StopAsync(CancellationToken drain)
    {
        await _server.StopAsync(drain);
        _server.Dispose();
    }
}
