using System.Net.Security;
using AzureGateway.DataPlane.Routing;
using AzureGateway.IR;
using Microsoft.AspNetCore.Http;

namespace AzureGateway.DataPlane.Configuration;

/// <summary>A compiled <see cref="PortIr"/>: certificates by SNI and virtual hosts by Host header.</summary>
internal sealed class PortConfig(
    PortIr ir,
    HostnameTable<SslStreamCertificateContext> certificates,
    SslStreamCertificateContext? firstCertificate,
    CompiledVirtualHosts virtualHosts)
{
    /// <summary>What it was compiled from.</summary>
    public PortIr Ir { get; } = ir;

    public PortProtocol Protocol => Ir.Protocol;

    /// <summary>The routes, reused by the next configuration when its virtual hosts are the same.</summary>
    public CompiledVirtualHosts VirtualHosts { get; } = virtualHosts;

    /// <summary>The certificate for a client hello's server name; the port's first one when none matches.</summary>
    public SslStreamCertificateContext? CertificateFor(string? serverName) => certificates.Find(serverName) ?? firstCertificate;

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
