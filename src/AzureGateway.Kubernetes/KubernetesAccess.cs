using AzureGateway.Kubernetes.Watching;
using AzureGateway.Model;

namespace AzureGateway.Kubernetes;

/// <summary>
/// Every API call the gateway makes in Kubernetes mode, as RBAC rules. The RBAC in deploy/ must grant exactly
/// these, no more: a test compares the two.
/// </summary>
public static class KubernetesAccess
{
    public static IReadOnlyList<AccessRule> Rules { get; } =
    [
        // KubernetesSource: list then watch every input kind, cluster-wide.
        .. WatchedKinds.All.Select(k => new AccessRule(k.Group, k.Plural, ["list", "watch"])),
        // StatusWriter: read the status it merges with, then merge-patch it.
        .. ResourceKinds.All.Where(k => k.StatusWritten).Select(k => new AccessRule(k.Group, k.Plural + "/status", ["get", "patch"])),
        // StatusWriter with --address-service: the data plane Service's load balancer address.
        new("", "services", ["get"]),
        // StatusLeadership: the Lease of the election.
        new("coordination.k8s.io", "leases", ["get", "create", "update"]),
    ];
}
