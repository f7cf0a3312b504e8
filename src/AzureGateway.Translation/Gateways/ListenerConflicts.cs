using AzureGateway.IR;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Gateways;

/// <summary>
/// Listeners that cannot be served side by side. One process serves every Gateway, so listeners of all Gateways
/// share ports: a port has one protocol, and a hostname on a port belongs to one listener.
/// <list type="bullet">
/// <item>Within one Gateway the spec forbids picking a winner: every listener involved is conflicted.</item>
/// <item>Across Gateways the oldest Gateway (then namespace/name) keeps the port or hostname, so adding a
/// Gateway never takes down one that already serves.</item>
/// </list>
/// Only accepted listeners take part; a listener whose certificate is bad still holds its port and hostname, so
/// fixing a certificate never moves a port to another Gateway.
/// </summary>
public static class ListenerConflicts
{
    /// <param name="gateways">Served Gateways, oldest first.</param>
    public static void Mark(IReadOnlyList<ServedGateway> gateways)
    {
        foreach (var gateway in gateways)
        {
            MarkWithinGateway(gateway);
        }
        MarkAcrossGateways(gateways);
    }

    private static void MarkWithinGateway(ServedGateway gateway)
    {
        foreach (var port in gateway.Listeners.Where(l => l.NotAccepted is null).GroupBy(l => l.Port))
        {
            var protocols = port.Select(ServedAs).Distinct().ToList();
            if (protocols.Count > 1)
            {
                var names = string.Join(", ", port.Select(l => l.Name));
                foreach (var listener in port)
                {
                    listener.Conflict = new StatusProblem(Reasons.ProtocolConflict,
                        $"Listeners {names} of this Gateway use port {port.Key} with different protocols");
                }
                continue;
            }
            foreach (var sameHost in port.GroupBy(l => l.Hostname ?? "").Where(g => g.Count() > 1))
            {
                var names = string.Join(", ", sameHost.Select(l => l.Name));
                var host = sameHost.Key.Length == 0 ? "no hostname" : $"hostname {sameHost.Key}";
                foreach (var listener in sameHost)
                {
                    listener.Conflict = new StatusProblem(Reasons.HostnameConflict,
                        $"Listeners {names} of this Gateway use port {port.Key} with {host}");
                }
            }
        }
    }

    private static void MarkAcrossGateways(IReadOnlyList<ServedGateway> gateways)
    {
        var portOwners = new Dictionary<int, ListenerState>();
        var hostOwners = new Dictionary<(int Port, string Host), ListenerState>();
        foreach (var gateway in gateways)
        {
            var candidates = gateway.Listeners.Where(l => l.IsValid).ToList();
            foreach (var listener in candidates)
            {
                var host = listener.Hostname ?? "";
                if (portOwners.TryGetValue(listener.Port, out var owner) && ServedAs(owner) != ServedAs(listener))
                {
                    listener.Conflict = new StatusProblem(Reasons.ProtocolConflict,
                        $"Port {listener.Port} is already served as {Describe(ServedAs(owner))} by listener {owner.Name} of Gateway {Describe(owner)}");
                }
                else if (hostOwners.TryGetValue((listener.Port, host), out var hostOwner) && hostOwner.Gateway != gateway.Gateway)
                {
                    var hostText = host.Length == 0 ? "A listener without hostname" : $"Hostname {host}";
                    listener.Conflict = new StatusProblem(Reasons.HostnameConflict,
                        $"{hostText} on port {listener.Port} is already served by listener {hostOwner.Name} of Gateway {Describe(hostOwner)}");
                }
            }
            foreach (var listener in candidates.Where(l => l.IsValid))
            {
                portOwners.TryAdd(listener.Port, listener);
                hostOwners.TryAdd((listener.Port, listener.Hostname ?? ""), listener);
            }
        }
    }

    /// <summary>
    /// What a port serves: its protocol. TLS listeners of both modes share a port (TLSRouteModeMixed): each connection's
    /// SNI chooses its route, and the route's listener whether the gateway terminates it or passes it through.
    /// </summary>
    private static PortProtocol? ServedAs(ListenerState listener) => listener.Protocol;

    private static string Describe(PortProtocol? protocol) => protocol.ToString()!.ToUpperInvariant();

    private static string Describe(ListenerState listener) =>
        $"{TranslationContext.Namespace(listener.Gateway.Metadata)}/{listener.Gateway.Metadata.Name}";
}
