using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Backends;
using AzureGateway.Translation.Gateways;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// Attaches HTTPRoutes to listeners and turns their rules into ranked routes on ports and virtual hosts, with a
/// status entry per parentRef (Accepted, ResolvedRefs, and PartiallyInvalid when rules were dropped). Routes
/// attach to listeners whatever the listener's own state, as the spec counts attachedRoutes; only listeners that
/// are programmed put routes in the data plane. BackendRefs are resolved once per parent, whether its listeners
/// are served or not, so that ResolvedRefs tells the truth either way; the backend translation answers repeated
/// identical calls alike.
/// </summary>
public sealed class HttpRouteTranslator(TranslationContext context, ServedGateways gateways, BackendTranslator backends)
{
    private readonly List<RankedRoute> _routes = [];

    /// <summary>Every route match served so far, on its port and virtual host.</summary>
    public IReadOnlyList<RankedRoute> Routes => _routes;

    /// <summary>Translates one route; null when none of its parents is ours to report on.</summary>
    public ResourceStatus? Translate(HttpRoute route)
    {
        var validation = RouteValidation.Of(route);
        var parents = new List<RouteParentStatus>();
        var seen = new HashSet<(string?, string?, string?, string, string?, int?)>();
        foreach (var parentRef in route.Spec.ParentRefs ?? [])
        {
            if (!seen.Add((parentRef.Group, parentRef.Kind, parentRef.Namespace, parentRef.Name, parentRef.SectionName, parentRef.Port)))
            {
                continue; // the same parent listed twice has one status entry
            }
            if (ParentAttachment.Attach(route, parentRef, gateways, context) is { } attachment)
            {
                parents.Add(Parent(route, parentRef, attachment, validation));
            }
        }
        return parents.Count == 0
            ? null
            : new ResourceStatus(ResourceRefs.Namespaced(route, "HTTPRoute"), new RouteStatus { Parents = parents });
    }

    private RouteParentStatus Parent(HttpRoute route, ParentReference parentRef, ParentAttachment attachment, RouteValidation validation)
    {
        var generation = ResourceRefs.Generation(route.Metadata);
        var status = new RouteParentStatus { ParentRef = parentRef, ControllerName = ResourceKinds.ControllerName };
        if ((attachment.NotAccepted ?? validation.NotAccepted) is { } notAccepted)
        {
            status.Conditions.Add(context.Conditions.False(ConditionTypes.Accepted, notAccepted.Reason, notAccepted.Message, generation));
            status.Conditions.Add(ResolvedRefs(backends.ReferenceProblems(route).Select(p => new StatusProblem(p.Reason, p.Message)), generation));
            return status;
        }

        // Clusters are per Gateway, so a rule's backends resolve alike through every listener: once is enough.
        var problems = new List<StatusProblem>();
        var clusters = validation.Valid
            .Select(rule => Clusters(route, rule, attachment.Gateway!, attachment.Listeners[0].Listener, problems))
            .ToList();
        foreach (var (listener, hostnames) in attachment.Listeners)
        {
            listener.Attach(route.Metadata);
            if (listener.IsProgrammed)
            {
                var served = gateways.Isolation.Served(listener, hostnames);
                for (var i = 0; i < validation.Valid.Count; i++)
                {
                    Serve(route, validation.Valid[i], listener, served, clusters[i]);
                }
            }
        }

        var attachedTo = Wording.Listeners(attachment.Listeners.Select(a => a.Listener.Name));
        status.Conditions.Add(context.Conditions.True(ConditionTypes.Accepted, Reasons.Accepted,
            $"Attached to {attachedTo} of {attachment.Gateway}", generation));
        status.Conditions.Add(ResolvedRefs(problems, generation));
        if (validation.Dropped.Count > 0)
        {
            status.Conditions.Add(context.Conditions.True(ConditionTypes.PartiallyInvalid, Reasons.UnsupportedValue,
                string.Join("; ", validation.Dropped), generation));
        }
        return status;
    }

    private Condition ResolvedRefs(IEnumerable<StatusProblem> problems, long generation) => StatusProblem.Combine(problems) is { } unresolved
        ? context.Conditions.False(ConditionTypes.ResolvedRefs, unresolved.Reason, unresolved.Message, generation)
        : context.Conditions.True(ConditionTypes.ResolvedRefs, Reasons.ResolvedRefs, "All backend references are resolved", generation);

    private EquatableArray<WeightedClusterIr> Clusters(HttpRoute route, ValidRule rule, ServedGateway gateway, ListenerState listener, List<StatusProblem> problems)
    {
        var clusters = new List<WeightedClusterIr>();
        var backendRefs = rule.Rule.BackendRefs ?? [];
        for (var j = 0; j < backendRefs.Count; j++)
        {
            var weight = backendRefs[j].Weight ?? 1;
            if (weight == 0)
            {
                continue; // a zero weight gets no traffic: how a backend is drained
            }
            var result = backends.Resolve(route, backendRefs[j], gateway.Gateway, listener.Name);
            if (result.Problem is { } problem)
            {
                problems.Add(new StatusProblem(problem.Reason, problem.Message));
            }
            // Resolve always names a cluster; when the ref cannot be honoured that cluster answers 500, so the
            // ref keeps its share of traffic and that share fails, as the spec asks.
            clusters.Add(new WeightedClusterIr
            {
                Cluster = result.Cluster,
                Weight = weight,
            });
        }
        return clusters;
    }

    private void Serve(HttpRoute route, ValidRule rule, ListenerState listener, IReadOnlyList<string> hostnames, EquatableArray<WeightedClusterIr> clusters)
    {
        var prefix = $"httproute/{TranslationContext.Namespace(route.Metadata)}/{route.Metadata.Name}/rule/{rule.Index}";
        for (var j = 0; j < rule.Matches.Count; j++)
        {
            var ir = new RouteIr { Name = $"{prefix}/match/{j}", Match = rule.Matches[j], Backends = clusters };
            foreach (var hostname in hostnames)
            {
                _routes.Add(new RankedRoute(listener.Port, hostname, ir, route.Metadata, rule.Index, j));
            }
        }
    }
}
