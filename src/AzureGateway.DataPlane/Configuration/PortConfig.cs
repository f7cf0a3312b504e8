using System.Net.Security;
using AzureGateway.DataPlane.Routing;
using AzureGateway.IR;
using Microsoft.AspNetCore.Http;

namespace AzureGateway.DataPlane.Configuration;

/// <summary>A compiled <see cref="PortIr"/>: certificates by SNI and virtual hosts by Host header.</summary>
internal sealed class PortConfig(
    PortProtocol protocol,
    HostnameTable<SslStreamCertificateContext> certificates,
    SslStreamCertificateContext? firstCertificate,
    HostnameTable<VirtualHost> virtualHosts)
{
    public PortProtocol Protocol { get; } = protocol;

    /// <summary>The certificate for a client hello's server name; the port's first one when none matches.</summary>
    public SslStreamCertificateContext? CertificateFor(string? serverName) => certificates.Find(serverName) ?? firstCertificate;

    /// <summary>The first route of the most specific virtual host for the request's Host that matches it.</summary>
    public GatewayRoute? RouteFor(HttpRequest request) => virtualHosts.Find(request.Host.Host)?.FirstMatch(request);
}
