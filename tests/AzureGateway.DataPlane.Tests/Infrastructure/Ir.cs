using AzureGateway.IR;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>Short ways to write the IR records the tests serve.</summary>
internal static class Ir
{
    public static PortIr HttpsPort(int port, IEnumerable<ListenerTlsIr> certificates, params VirtualHostIr[] hosts) => new()
    {
        Port = port,
        Protocol = PortProtocol.Https,
        ListenerTls = certificates.ToArray(),
        VirtualHosts = hosts,
    };

    public static PortIr HttpPort(int port, params VirtualHostIr[] hosts) => new()
    {
        Port = port,
        Protocol = PortProtocol.Http,
        VirtualHosts = hosts,
    };

    public static ListenerTlsIr ServerCertificate(string? serverName, CertificateIr certificate) =>
        new() { ServerName = serverName, Certificate = certificate };

    public static VirtualHostIr Host(string hostname, params RouteIr[] routes) => new() { Hostname = hostname, Routes = routes };

    /// <summary>A route to one cluster matching every request under "/".</summary>
    public static RouteIr Route(string name, string cluster) => Route(name, new RouteMatchIr(), (cluster, 1));

    public static RouteIr Route(string name, RouteMatchIr match, params (string Cluster, int Weight)[] backends) => new()
    {
        Name = name,
        Match = match,
        Backends = backends.Select(b => new WeightedClusterIr { Cluster = b.Cluster, Weight = b.Weight }).ToArray(),
    };

    public static ClusterIr Cluster(string name, int port, UpstreamTlsIr? tls = null) => new()
    {
        Name = name,
        Endpoints = new[] { new EndpointIr { Host = "127.0.0.1", Port = port } },
        Tls = tls,
    };

    /// <summary>A plain HTTP cluster with one endpoint per port.</summary>
    public static ClusterIr Cluster(string name, params int[] ports) => new()
    {
        Name = name,
        Endpoints = ports.Select(port => new EndpointIr { Host = "127.0.0.1", Port = port }).ToArray(),
    };

    /// <summary>A route to one cluster matching every request under "/", with its settings edited by <paramref name="with"/>.</summary>
    public static RouteIr Route(string name, string cluster, Func<RouteIr, RouteIr> with) => with(Route(name, cluster));

    public static UpstreamTlsIr Tls(string sni, CertificateIr trusted, CertificateIr? clientCertificate = null, params SubjectAltNameIr[] subjectAltNames) => new()
    {
        Sni = sni,
        TrustedCertificates = new[] { trusted },
        ClientCertificate = clientCertificate,
        SubjectAltNames = subjectAltNames,
    };

    public static GatewayIr Gateway(PortIr port, params ClusterIr[] clusters) => new()
    {
        Ports = new[] { port },
        Clusters = clusters,
    };
}
