using AzureGateway.IR;
using AzureGateway.Translation.Routes;

namespace AzureGateway.Translation.Gateways;

/// <summary>
/// Builds the data plane's ports from programmed listeners (of every Gateway) and the routes served through them:
/// one port per number, its certificates by SNI and its virtual hosts by Host, each list most specific first,
/// and the routes of each virtual host in <see cref="RoutePrecedence"/> order.
/// </summary>
/// <remarks>
/// Routes of listeners that share a port meet in the virtual host of their effective hostname. A route that
/// names a host also covered by a more specific listener therefore serves it alongside that listener's routes:
/// the Extended "listener isolation" feature is not implemented.
/// </remarks>
public static class PortAssembler
{
    public static EquatableArray<PortIr> Build(IEnumerable<ListenerState> listeners, IEnumerable<RankedRoute> routes)
    {
        var routesByPort = routes.ToLookup(r => r.Port);
        return listeners
            .Where(l => l.IsProgrammed)
            .GroupBy(l => l.Port)
            .OrderBy(g => g.Key)
            .Select(port => new PortIr
            {
                Port = port.Key,
                // Conflicts leave one protocol per port.
                Protocol = port.First().Protocol!.Value,
                Certificates = Certificates(port),
                VirtualHosts = VirtualHosts(routesByPort[port.Key]),
            })
            .ToList();
    }

    private static EquatableArray<ServerCertificateIr> Certificates(IEnumerable<ListenerState> listeners) => listeners
        .Where(l => l.Certificate is not null)
        .Select(l => new ServerCertificateIr { ServerName = l.Hostname, Certificate = l.Certificate! })
        .OrderBy(c => c.ServerName, HostnameSpecificity.Instance)
        .ToList();

    private static EquatableArray<VirtualHostIr> VirtualHosts(IEnumerable<RankedRoute> routes) => routes
        .GroupBy(r => r.Hostname, StringComparer.Ordinal)
        .OrderBy(g => g.Key, HostnameSpecificity.Instance)
        .Select(host => new VirtualHostIr
        {
            Hostname = host.Key,
            // A route attached through two listeners with the same effective hostname is served once.
            Routes = host.Order(RoutePrecedence.Instance).Select(r => r.Route).DistinctBy(r => r.Name).ToList(),
        })
        .ToList();
}
