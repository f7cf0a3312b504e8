using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Backends;
using AzureGateway.Translation.Gateways;
using AzureGateway.Translation.Routes;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.TlsRoutes;

/// <summary>
/// Attaches TLSRoutes to TLS listeners and places each route's SNI hostnames on the listeners' ports, with a status
/// entry per parentRef (Accepted, ResolvedRefs). Hostnames are the intersection of the listener's and the route's, as
/// for HTTPRoute, and a listener only takes the hosts no more specific listener of its port owns
/// (<see cref="ListenerIsolation"/>). A route that cannot be used never affects another route or listener.
/// <para>
/// Conflicts: one SNI hostname on one port is served by one route. Routes are placed oldest first (then
/// namespace/name), the spec's tie-break between routes, so an older route keeps its hostnames when a newer one claims
/// them too; the newer route stays Accepted (it is attached and counted) and its Accepted message names what it lost.
/// </para>
/// <para>
/// Backend TLS: on a Terminate listener the backend's cluster is the one HTTPRoutes use, with the TLS its policies
/// decide (client certificate, CA, SNI, SAN) or plain TCP without one. On a Passthrough listener the bytes are the
/// client's own TLS, so a BackendTLSPolicy on the backend is not applied (GEP-1897 lets passthrough be treated so, if it
/// is documented); the Accepted message says so for each such backend. A backend whose cluster cannot be used closes
/// the connections it is picked for, whatever the mode, and ResolvedRefs says why.
/// </para>
/// </summary>
public sealed class TlsRouteTranslator(TranslationContext context, ServedGateways gateways, BackendTranslator backends)
{
    private readonly List<TlsRouteEntry> _entries = [];
    private readonly Dictionary<(int Port, string Hostname), string> _owners = [];

    /// <summary>Every hostname placed so far on a port, for <see cref="TlsRoutePorts"/>.</summary>
    public IReadOnlyList<TlsRouteEntry> Entries => _entries;

    /// <summary>Translates every route, oldest first; returns a status for each route with a parent of ours.</summary>
    public IReadOnlyList<ResourceStatus> Translate(IEnumerable<TlsRoute> routes) =>
        [.. routes.OrderBy(r => r.Metadata, Comparer<k8s.Models.V1ObjectMeta>.Create(ResourceOrder.Compare)).Select(Translate).OfType<ResourceStatus>()];

    private ResourceStatus? Translate(TlsRoute route)
    {
        var source = RouteSource.Of(route);
        var parents = new List<RouteParentStatus>();
        var seen = new HashSet<(string?, string?, string?, string, string?, int?)>();
        foreach (var parentRef in route.Spec.ParentRefs ?? [])
        {
            if (!seen.Add((parentRef.Group, parentRef.Kind, parentRef.Namespace, parentRef.Name, parentRef.SectionName, parentRef.Port)))
            {
                continue; // the same parent listed twice has one status entry
            }
            if (ParentAttachment.Attach(source, parentRef, gateways, context) is { } attachment)
            {
                parents.Add(Parent(route, source, parentRef, attachment));
            }
        }
        return parents.Count == 0
            ? null
            : new ResourceStatus(ResourceRefs.Namespaced(route, RouteSource.TlsRouteKind), new RouteStatus { Parents = parents });
    }

    private RouteParentStatus Parent(TlsRoute route, RouteSource source, ParentReference parentRef, ParentAttachment attachment)
    {
        var generation = ResourceRefs.Generation(route.Metadata);
        var status = new RouteParentStatus { ParentRef = parentRef, ControllerName = ResourceKinds.ControllerName };
        if ((attachment.NotAccepted ?? Incomplete(route)) is { } notAccepted)
        {
            status.Conditions.Add(context.Conditions.False(ConditionTypes.Accepted, notAccepted.Reason, notAccepted.Message, generation));
            status.Conditions.Add(ResolvedRefs(backends.ReferenceProblems(source), generation));
            return status;
        }

        var gateway = attachment.Gateway!;
        var problems = new List<StatusProblem>();
        var clusters = Resolve(source, gateway.Gateway, attachment.Listeners[0].Listener.Name, problems);
        var notes = new List<string>();
        var name = $"tlsroute/{TranslationContext.Namespace(route.Metadata)}/{route.Metadata.Name}";
        foreach (var (listener, hostnames) in attachment.Listeners)
        {
            listener.Attach(RouteSource.TlsRouteKind, route.Metadata);
            if (!listener.IsProgrammed)
            {
                continue;
            }
            var mode = listener.Passthrough ? TlsRouteModeIr.Passthrough : TlsRouteModeIr.Terminate;
            foreach (var hostname in gateways.Isolation.Served(listener, hostnames))
            {
                if (_owners.TryGetValue((listener.Port, hostname), out var owner))
                {
                    if (owner != name)
                    {
                        notes.Add($"hostname {hostname} on port {listener.Port} is served by {owner.Replace("tlsroute/", "TLSRoute ", StringComparison.Ordinal)}, which takes precedence (older, or first by namespace/name)");
                    }
                    continue;
                }
                _owners[(listener.Port, hostname)] = name;
                _entries.Add(new TlsRouteEntry(listener.Port, new TlsRouteIr { Hostname = hostname, Name = name, Mode = mode, Backends = clusters }));
            }
        }
        if (attachment.Listeners.Any(a => a.Listener.Passthrough))
        {
            notes.AddRange(PassthroughNotes(route, clusters));
        }

        var attachedTo = Wording.Listeners(attachment.Listeners.Select(a => a.Listener.Name));
        var message = $"Attached to {attachedTo} of {gateway}{(notes.Count == 0 ? "" : "; " + string.Join("; ", notes))}";
        status.Conditions.Add(context.Conditions.True(ConditionTypes.Accepted, Reasons.Accepted, message, generation));
        status.Conditions.Add(ResolvedRefs(problems, generation));
        return status;
    }

    /// <summary>
    /// What the CRD requires (<c>minItems: 1</c>) and a cluster with older or laxer CRDs may still hold: without
    /// hostnames or a rule the route has nothing to match or to send to.
    /// </summary>
    private static StatusProblem? Incomplete(TlsRoute route) =>
        route.Spec.Hostnames is not { Count: > 0 } ? new StatusProblem(Reasons.UnsupportedValue, "spec.hostnames is empty; a TLSRoute needs at least one SNI hostname")
        : route.Spec.Rules is not { Count: > 0 } ? new StatusProblem(Reasons.UnsupportedValue, "spec.rules is empty; a TLSRoute needs its one rule")
        : null;

    /// <summary>
    /// The weighted clusters of the route's rule for one Gateway. A ref that cannot be used keeps its weight, on a
    /// cluster that refuses connections: the spec wants its share of connections rejected, not moved to the others.
    /// </summary>
    private List<WeightedClusterIr> Resolve(RouteSource route, Gateway gateway, string listenerName, List<StatusProblem> problems)
    {
        var clusters = new List<WeightedClusterIr>();
        foreach (var backendRef in route.Rules.FirstOrDefault()?.BackendRefs ?? [])
        {
            var weight = backendRef.Weight ?? 1;
            if (weight == 0)
            {
                continue; // a zero weight gets no connections: how a backend is drained
            }
            var result = backends.Resolve(route, backendRef.Ref, gateway, listenerName);
            if (result.Problem is { } problem)
            {
                problems.Add(new StatusProblem(problem.Reason, problem.Message));
            }
            clusters.Add(new WeightedClusterIr { Cluster = result.Cluster, Weight = weight });
        }
        return clusters;
    }

    private IEnumerable<string> PassthroughNotes(TlsRoute route, IEnumerable<WeightedClusterIr> clusters) =>
        from weighted in clusters
        let cluster = backends.Cluster(weighted.Cluster)
        let tls = cluster.Tls
        where tls is not null
        select $"through Passthrough listeners, backend {cluster.Name} gets the client's own TLS: its backend TLS ({string.Join(", ", tls.Provenance)}) is not applied";

    private Condition ResolvedRefs(IEnumerable<StatusProblem> problems, long generation) => StatusProblem.Combine(problems) is { } unresolved
        ? context.Conditions.False(ConditionTypes.ResolvedRefs, unresolved.Reason, unresolved.Message, generation)
        : context.Conditions.True(ConditionTypes.ResolvedRefs, Reasons.ResolvedRefs, "All backend references are resolved", generation);
}

/// <summary>One SNI hostname of a TLSRoute placed on a port.</summary>
public sealed record TlsRouteEntry(int Port, TlsRouteIr Route);
