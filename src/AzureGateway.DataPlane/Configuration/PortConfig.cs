using AzureGateway.DataPlane.Frontend;
using AzureGateway.DataPlane.Routing;
using AzureGateway.DataPlane.TlsRouting;
using AzureGateway.IR;
using Microsoft.AspNetCore.Http;

namespace AzureGateway.DataPlane.Configuration;

/// <summary>A compiled <see cref="PortIr"/>: listeners' TLS by SNI, its listeners' hostnames, and virtual hosts by Host header.</summary>
internal sealed class PortConfig(PortIr ir, IReadOnlyList<ListenerTlsConfig> listenerTls, CompiledVirtualHosts virtualHosts)
{
    private readonly HostnameTable<ListenerTlsConfig> _tls = new(listenerTls.Select(l => (l.ServerName, l)));

    /// <summary>Taken by a handshake whose SNI matches no listener.</summary>
    private readonly ListenerTlsConfig? _firstUsable = listenerTls.FirstOrDefault(l => l.Unusable is null);

    /// <summary>Whether a listener verifies client certificates, so that requests must be checked against it.</summary>
    private readonly bool _verifiesClients = listenerTls.Any(l => l.ClientValidation is not null);

    /// <summary>The listener hostnames of an HTTPS port several listeners share, to find a name's listener; else null.</summary>
    private readonly HostnameTable<string>? _listeners = ir.ListenerHostnames.Count > 1
        ? new HostnameTable<string>(ir.ListenerHostnames.Select(h => ((string?)h, h)))
        : null;

    /// <summary>What it was compiled from.</summary>
    public PortIr Ir { get; } = ir;

    public PortProtocol Protocol => Ir.Protocol;

    /// <summary>On a TLS port, its TLSRoutes by SNI.</summary>
    public TlsRouteTable TlsRoutes { get; } = ir.TlsRoutes.Count == 0 ? TlsRouteTable.Empty : new TlsRouteTable(ir.TlsRoutes);

    /// <summary>The routes, reused by the next configuration when its virtual hosts are the same.</summary>
    public CompiledVirtualHosts VirtualHosts { get; } = virtualHosts;

    /// <summary>The listener TLS for a client hello's server name; the port's first usable one when none matches.</summary>
    public ListenerTlsConfig? ListenerFor(string? serverName) => _tls.Find(serverName) ?? _firstUsable;

    /// <summary>
    /// The listener <paramref name="host"/> belongs to when the connection may not be used for it, so the request must be
    /// answered 421 Misdirected Request; else null. Two rules:
    /// <list type="bullet">
    /// <item>A listener that verifies client certificates serves only connections whose certificate it judged itself
    /// (by hostname pattern, so a connection outlives a new configuration), whatever the SNI was or whether there was one:
    /// a connection made for a listener that asks for no certificate, or by a client that sent no SNI and got another
    /// listener, never reaches its routes.</item>
    /// <item>On a port several listeners share, the listener the Host belongs to must be the one the TLS server name
    /// (SNI) chose. Each is matched as listeners are (exact, then the longest wildcard, then the listener without
    /// hostname), and whether the two listeners present the same certificate does not matter. This keeps a client that
    /// reuses a connection for another host (HTTP/2 connection coalescing over a certificate naming both) from reaching
    /// routes the handshake did not agree to. Without SNI no listener was chosen by name, and a Host no listener matches
    /// goes on to routing (404).</item>
    /// </list>
    /// </summary>
    public string? MisdirectedTo(string? serverName, string? host, ClientCertificateVerification? connection)
    {
        if (string.IsNullOrEmpty(host))
        {
            return null;
        }
        if (_verifiesClients && _tls.Find(host) is { ClientValidation: not null } verifying && connection?.JudgedBy(verifying.ServerName) != true)
        {
            return verifying.Name;
        }
        if (_listeners is null || string.IsNullOrEmpty(serverName))
        {
            return null;
        }
        var byHost = _listeners.Find(host);
        return byHost is null || ReferenceEquals(byHost, _listeners.Find(serverName)) ? null : byHost;
    }

    /// <summary>The first route of the most specific virtual host for the request's Host that matches it.</summary>
    public GatewayRoute? RouteFor(HttpRequest request) => VirtualHosts.Table.Find(request.Host.Host)?.FirstMatch(request);
}

/// <summary>
/// The virtual hosts of a port compiled, with the IR they came from and the compiled match of each route, so
/// that the next build reuses them whole when the IR is the same, or match by match when it is not: compiling
/// tens of thousands of route matches was most of the cost of applying a configuration.
/// </summary>
internal sealed record CompiledVirtualHosts(
    EquatableArray<VirtualHostIr> Ir,
    HostnameTable<VirtualHost> Table,
    IReadOnlyDictionary<RouteMatchIr, RouteMatcher> Matchers)
{
    public static CompiledVirtualHosts Empty { get; } =
        new(EquatableArray<VirtualHostIr>.Empty, new HostnameTable<VirtualHost>([]), new Dictionary<RouteMatchIr, RouteMatcher>());
}
