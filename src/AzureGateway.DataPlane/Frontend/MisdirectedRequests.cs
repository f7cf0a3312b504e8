using AzureGateway.DataPlane.Configuration;
using AzureGateway.DataPlane.Routing;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Frontend;

/// <summary>
/// Answers 421 Misdirected Request on an HTTPS port when the request's Host belongs to another listener than the
/// one its TLS server name (SNI) chose, as the Gateway API asks of listeners that share a port: each is matched,
/// exact name first, then the longest wildcard, then the listener without hostname, once for the SNI and once for
/// the Host, and they must be the same listener. Whether the two listeners present the same certificate does not
/// matter. This is what keeps a client that reuses a connection for another host (HTTP/2 connection coalescing
/// over a certificate naming both) from reaching routes the handshake did not agree to; 421 makes it retry on a
/// connection of its own. A Host no listener matches goes on to routing, which answers 404.
/// </summary>
/// <remarks>
/// A connection without SNI chose no listener by name, so its requests are routed by the Host alone, as on HTTP.
/// The listener tables are compiled once per configuration, on the first request that needs them.
/// </remarks>
internal sealed partial class MisdirectedRequests(ActiveConfig active, ILogger<MisdirectedRequests> logger)
{
    private ListenerTables? _tables;

    public RequestDelegate Middleware(RequestDelegate next) => context =>
    {
        if (IsMisdirected(context))
        {
            context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(
                "this host is served by another listener than the TLS server name chose; open a new connection for it\n", context.RequestAborted);
        }
        return next(context);
    };

    private bool IsMisdirected(HttpContext context)
    {
        if (context.Features.Get<ITlsHandshakeFeature>()?.HostName is not { Length: > 0 } serverName ||
            context.Request.Host.Host is not { Length: > 0 } host ||
            context.Features.Get<GatewayPortFeature>() is not { } port ||
            Tables().For(port.Port) is not { } listeners)
        {
            return false;
        }
        var byHost = listeners.Find(host);
        if (byHost is null || ReferenceEquals(byHost, listeners.Find(serverName)))
        {
            return false;
        }
        Log.Misdirected(logger, port.Port, serverName, host, byHost);
        return true;
    }

    private ListenerTables Tables()
    {
        var config = active.Current;
        var tables = Volatile.Read(ref _tables);
        if (tables is null || !ReferenceEquals(tables.Config, config))
        {
            // Two requests racing after a swap may both compile; either result is the same.
            tables = new ListenerTables(config);
            Volatile.Write(ref _tables, tables);
        }
        return tables;
    }

    /// <summary>The listener hostnames of each HTTPS port of one configuration, as tables that find a host's listener.</summary>
    private sealed class ListenerTables(DataPlaneConfig config)
    {
        private readonly Dictionary<int, HostnameTable<string>> _ports = config.Ir.Ports
            .Where(p => p.ListenerHostnames.Count > 1)
            .GroupBy(p => p.Port)
            .ToDictionary(g => g.Key, g => new HostnameTable<string>(g.First().ListenerHostnames.Select(h => ((string?)h, h))));

        public DataPlaneConfig Config { get; } = config;

        public HostnameTable<string>? For(int port) => _ports.GetValueOrDefault(port);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug,
            Message = "Port {Port}: 421 for host {Host} on a connection whose server name {ServerName} chose another listener than {Listener}")]
        public static partial void Misdirected(ILogger logger, int port, string serverName, string host, string listener);
    }
}
