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
        options.Limits.MaxConcurrentConnections = dataPlane.MaxConcurrentConnections;
        options.Limits.MaxConcurrentUpgradedConnections = dataPlane.MaxConcurrentConnections;
        options.Listen(endpoint, listen =>
        {
            if (connections is not null)
            {
                // A port of raw connections (TLS routes): the handler takes the connection whole, and HTTP never runs.
                listen.Use(_ => connections);
                return;
            }
            // HTTP/2 is offered through ALPN, so only where there is TLS.
            listen.Protocols = tls is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
            if (tls is not null)
            {
                var clientFailures = services.GetRequiredService<ClientFailureLog>();
                listen.Use(next => connection => clientFailures.ObserveHandshakeAsync(next, connection));
                listen.UseHttps(tls);
            }
        });
        var server = new KestrelServer(
            Options.Create(options),
            services.GetRequiredService<IConnectionListenerFactory>(),
            services.GetRequiredService<ILoggerFactory>());
        try
        {
            await run(server, cancellationToken);
        }
        catch
        {
            server.Dispose();
            throw;
        }
        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new PortListener(server, port, protocol, BindingAddress.Parse(address).Port);
    }

    /// <summary>Stops accepting, lets requests in flight finish until <paramref name="drain"/> is cancelled, then closes what is left.</summary>
    public async Task StopAsync(CancellationToken drain)
    {
        await _server.StopAsync(drain);
        _server.Dispose();
    }
}
