using AzureGateway.IR;
using AzureGateway.Translation.Routes;

namespace AzureGateway.Translation.Gateways;

/// <summary>
/// Builds the data plane's ports from programmed listeners (of every Gateway) and the routes served through them:
/// one port per number, its certificates by SNI and its virtual hosts by Host, each list most specific first,
/// and the routes of each virtual host in <see cref="RoutePrecedence"/> order.
/// </summary>
/// <remarks>
/// Routes of listeners that share a port meet in the virtual host of their effective hostname; the hostnames a more
/// specific listener owns were left out already, and a listener nested in another gets a virtual host even without
/// routes (<see cref="ListenerIsolation"/>), so a request only ever reaches routes of the listener it belongs to.
/// </remarks>
public static class PortAssembler
{
    public static EquatableArray<PortIr> Build(ServedGateways gateways, IEnumerable<RankedRoute> routes)
    {
        var routesByPort = routes.ToLookup(r => r.Port);
        var isolation = gateways.Isolation;
        return gateways.All
            .SelectMany(g => g.Listeners)
            .Where(l => l.IsProgrammed)
            .GroupBy(l => l.Port)
            .OrderBy(g => g.Key)
            .Select(port =>
            {
                // Conflicts leave one protocol per port.
                var protocol = port.First().Protocol!.Value;
                var listenerHostnames = isolation.Hostnames(port.Key);
                return new PortIr
                {
                    Port = port.Key,
                    Protocol = protocol,
                    ListenerTls = ListenerTls(port),
                    VirtualHosts = VirtualHosts(routesByPort[port.Key], isolation.Nested(port.Key)),
                    ListenerHostnames = protocol == PortProtocol.Https && listenerHostnames.Count > 1
                        ? listenerHostnames.ToList()
                        : EquatableArray<string>.Empty,
                };
            })
            .ToList();
    }

    private static EquatableArray<ListenerTlsIr> ListenerTls(IEnumerable<ListenerState> listeners) => listeners
        .Where(l => l.Certificate is not null)
        .Select(l => l.FrontendTls.Apply(new ListenerTlsIr { ServerName = l.Hostname, Certificate = l.Certificate! }))
        .OrderBy(c => c.ServerName, HostnameSpecificity.Instance)
        .ToList();

    private static EquatableArray<VirtualHostIr> VirtualHosts(IEnumerable<RankedRoute> routes, IEnumerable<string> nestedListeners)
    {
        var byHost = routes.ToLookup(r => r.Hostname, StringComparer.Ordinal);
        return byHost.Select(h => h.Key).Union(nestedListeners, StringComparer.Ordinal)
            .Order(HostnameSpecificity.Instance)
            .Select(host => new VirtualHostIr
            {
                Hostname = host,
                // A route attached through two listeners with the same effective hostname is served once.
                Routes = byHost[host].Order(RoutePrecedence.Instance).Select(r => r.Route).DistinctBy(r => r.Name).ToList(),
            })
            .ToList();
    }
}
