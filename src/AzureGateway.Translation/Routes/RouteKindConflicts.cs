using AzureGateway.Translation.Gateways;
using AzureGateway.Translation.Status;
using k8s;
using k8s.Models;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// The GRPCRoute spec's rule for HTTPRoutes and GRPCRoutes on one listener: when routes of the two kinds attach to
/// a listener with intersecting hostnames, exactly one is accepted there: the oldest (creationTimestamp), then the
/// first by <c>namespace/name</c>; the other says <c>Accepted=False</c>. The spec names no reason; this one is
/// <c>HostnameConflict</c>, as for listeners. Routes are taken in that order on each listener, and one is refused
/// when it meets a route of the other kind already kept, so a refused route takes nothing from later ones. Two
/// routes of the same age and name (one of each kind) are ordered by kind name, GRPCRoute first.
/// </summary>
public sealed class RouteKindConflicts
{
    private readonly Dictionary<(IKubernetesObject<V1ObjectMeta> Route, ListenerState Listener), RouteSource> _lost;

    private RouteKindConflicts(Dictionary<(IKubernetesObject<V1ObjectMeta>, ListenerState), RouteSource> lost) => _lost = lost;

    public static RouteKindConflicts Find(IReadOnlyList<AttachedRoute> routes)
    {
        var lost = new Dictionary<(IKubernetesObject<V1ObjectMeta>, ListenerState), RouteSource>(Comparer.Instance);
        if (routes.Select(r => r.Route.Kind).Distinct().Count() < 2)
        {
            return new RouteKindConflicts(lost); // the common case: one kind of route, nothing to decide
        }
        var byListener = routes
            .SelectMany(r => r.Listeners.Select(l => (l.Listener, r.Route, l.Hostnames)))
            .GroupBy(e => e.Listener);
        foreach (var listener in byListener)
        {
            var kept = new List<(RouteSource Route, IReadOnlyList<string> Hostnames)>();
            foreach (var (_, route, hostnames) in listener.OrderBy(e => e.Route, Precedence.Instance))
            {
                if (lost.ContainsKey((route.Resource, listener.Key)))
                {
                    continue;
                }
                if (kept.FirstOrDefault(k => k.Route.Kind != route.Kind && Intersect(k.Hostnames, hostnames)) is { Route: { } winner })
                {
                    lost[(route.Resource, listener.Key)] = winner;
                }
                else
                {
                    kept.Add((route, hostnames));
                }
            }
        }
        return new RouteKindConflicts(lost);
    }

    /// <summary>
    /// The listeners of <paramref name="attachment"/> the route keeps, and why it lost the others (null when it
    /// lost none).
    /// </summary>
    public (IReadOnlyList<ListenerAttachment> Kept, StatusProblem? Lost) Split(RouteSource route, ParentAttachment attachment)
    {
        if (_lost.Count == 0)
        {
            return (attachment.Listeners, null);
        }
        var kept = new List<ListenerAttachment>();
        var reasons = new List<string>();
        foreach (var listener in attachment.Listeners)
        {
            if (_lost.TryGetValue((route.Resource, listener.Listener), out var winner))
            {
                reasons.Add($"listener {listener.Listener.Name}, where {winner} holds an intersecting hostname");
            }
            else
            {
                kept.Add(listener);
            }
        }
        return reasons.Count == 0
            ? (kept, null)
            : (kept, new StatusProblem(Reasons.HostnameConflict,
                $"Not attached to {string.Join("; nor to ", reasons)}: a listener serves each hostname with HTTPRoutes or " +
                "GRPCRoutes, not both, and the older route (then the first by namespace/name) keeps it"));
    }

    /// <summary>Whether two sets of effective hostnames share a host; <c>*</c> (no hostname at all) shares every one.</summary>
    private static bool Intersect(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Any(x => b.Any(y => x == HostnameSpecificity.CatchAll || y == HostnameSpecificity.CatchAll || HostnameIntersection.Intersect(x, y) is not null));

    private sealed class Precedence : IComparer<RouteSource>
    {
        public static readonly Precedence Instance = new();

        public int Compare(RouteSource? x, RouteSource? y)
        {
            var order = ResourceOrder.Compare(x!.Metadata, y!.Metadata);
            return order != 0 ? order : string.CompareOrdinal(x.Kind, y.Kind);
        }
    }

    /// <summary>A route object and a listener, both by reference: a listener state is one listener of one translation.</summary>
    private sealed class Comparer : IEqualityComparer<(IKubernetesObject<V1ObjectMeta>, ListenerState)>
    {
        public static readonly Comparer Instance = new();

        public bool Equals((IKubernetesObject<V1ObjectMeta>, ListenerState) x, (IKubernetesObject<V1ObjectMeta>, ListenerState) y) =>
            ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((IKubernetesObject<V1ObjectMeta>, ListenerState) key) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Item1), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Item2));
    }
}
