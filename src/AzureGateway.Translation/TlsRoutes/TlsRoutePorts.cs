using AzureGateway.IR;
using AzureGateway.Translation.Gateways;

namespace AzureGateway.Translation.TlsRoutes;

/// <summary>
/// Puts the TLSRoutes on the TLS ports <see cref="PortAssembler"/> built from the programmed listeners, most specific
/// hostname first, so the data plane takes an exact SNI before a wildcard and a longer wildcard before a shorter one.
/// </summary>
public static class TlsRoutePorts
{
    public static EquatableArray<PortIr> Apply(EquatableArray<PortIr> ports, IEnumerable<TlsRouteEntry> entries)
    {
        var byPort = entries.ToLookup(e => e.Port);
        return ports.Select(port => port.Protocol != PortProtocol.Tls ? port : port with
        {
            TlsRoutes = byPort[port.Port].Select(e => e.Route).OrderBy(r => r.Hostname, HostnameSpecificity.Instance).ToList(),
            // A TLS port has no HTTP: the virtual hosts listener isolation would give its nested listeners are not served.
            VirtualHosts = EquatableArray<VirtualHostIr>.Empty,
        }).ToList();
    }
}
