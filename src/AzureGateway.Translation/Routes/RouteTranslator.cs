using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Backends;
using AzureGateway.Translation.Gateways;
using AzureGateway.Translation.Routes.Filters;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// Attaches routes (HTTPRoutes and GRPCRoutes alike) to listeners and turns their rules into ranked routes on ports
/// and virtual hosts, with a status entry per parentRef (Accepted, ResolvedRefs, and PartiallyInvalid when rules
/// were dropped). Routes attach to listeners whatever the listener's own state, as the spec counts attachedRoutes;
/// only listeners that are programmed put routes in the data plane. BackendRefs (and mirrors' backendRefs) are
/// resolved once per parent, whether its listeners are served or not, so that ResolvedRefs tells the truth either
/// way; the backend translation answers repeated identical calls alike. Where an HTTPRoute and a GRPCRoute meet on
/// a listener's hostname, one of them is refused there (<see cref="RouteKindConflicts"/>).
/// <para>
/// Filters bring two more kinds of reference, and ResolvedRefs counts them. A mirror whose backendRef cannot be used is
/// left out (the spec: such a ref "must be dropped" and not configured) while the rule serves. An ExtensionRef
/// filter names a kind the gateway does not support (it supports none); the spec forbids skipping a filter that
/// cannot be resolved, so the rule stays and fails what it serves, and the parent says <c>ResolvedRefs=False/InvalidKind</c>.
/// </para>
/// </summary>
public sealed class RouteTranslator(TranslationContext context, ServedGateways gateways, BackendTranslator backends)
{
    private readonly List<RankedRoute> _routes = [];

    /// <summary>Every route match served so far, on its port and virtual host.</summary>
    public IReadOnlyList<RankedRoute> Routes => _routes;

    /// <summary>
    /// Translates every route: all are attached first, since whether an HTTPRoute or a GRPCRoute keeps a listener
    /// depends on the others. One status per route that has a parent of ours, in the order given.
    /// </summary>
    public IReadOnlyList<ResourceStatus> Translate(IReadOnlyList<(RouteSource Route, RouteValidation Validation)> routes)
    {
        var attached = routes.Select(r => new AttachedRoute(r.Route, r.Validation, Attach(r.Route))).ToList();
        var conflicts = RouteKindConflicts.Find(attached);
        var statuses = new List<ResourceStatus>();
        foreach (var route in attached.Where(r => r.Parents.Count > 0))
        {
            var parents = route.Parents.Select(p => Parent(route.Route, p.ParentRef, p.Attachment, route.Validation, conflicts)).ToList();
            statuses.Add(new ResourceStatus(ResourceRefs.Namespaced(route.Route.Resource, route.Route.Kind), new RouteStatus { Parents = parents }));
        }
        return statuses;
    }

    /// <summary>The route's distinct parentRefs that are ours to report on, each with its attachment.</summary>
    private List<(ParentReference ParentRef, ParentAttachment Attachment)> Attach(RouteSource route)
    {
        var parents = new List<(ParentReference, ParentAttachment)>();
        var seen = new HashSet<(string?, string?, string?, string, string?, int?)>();
        foreach (var parentRef in route.ParentRefs)
        {
            if (!seen.Add((parentRef.Group, parentRef.Kind, parentRef.Namespace, parentRef.Name, parentRef.SectionName, parentRef.Port)))
            {
                continue; // the same parent listed twice has one status entry
            }
            if (ParentAttachment.Attach(route, parentRef, gateways, context) is { } attachment)
            {
                parents.Add((parentRef, attachment));
            }
        }
        return parents;
    }

    private RouteParentStatus Parent(
        RouteSource route, ParentReference parentRef, ParentAttachment attachment, RouteValidation validation, RouteKindConflicts conflicts)
    {
        var generation = ResourceRefs.Generation(route.Metadata);
        var status = new RouteParentStatus { ParentRef = parentRef, ControllerName = ResourceKinds.ControllerName };
        var (listeners, lost) = conflicts.Split(route, attachment);
        if ((attachment.NotAccepted ?? validation.NotAccepted ?? (listeners.Count == 0 ? lost : null)) is { } notAccepted)
        {
            status.Conditions.Add(context.Conditions.False(ConditionTypes.Accepted, notAccepted.Reason, notAccepted.Message, generation));
            status.Conditions.Add(ResolvedRefs(backends.ReferenceProblems(route), generation));
            return status;
        }

        // Clusters are per Gateway, so a rule's backends resolve alike through every listener: once is enough.
        var problems = new List<StatusProblem>();
        var resolved = validation.Valid
            .Select(rule => Resolve(route, rule, attachment.Gateway!.Gateway, listeners[0].Listener.Name, problems))
            .ToList();
        foreach (var (listener, hostnames) in listeners)
        {
            listener.Attach(route.Kind, route.Metadata);
            if (listener.IsProgrammed)
            {
                var served = gateways.Isolation.Served(listener, hostnames);
                for (var i = 0; i < validation.Valid.Count; i++)
                {
                    Serve(route, validation.Valid[i], listener, served, resolved[i]);
                }
            }
        }

        var attachedTo = Wording.Listeners(listeners.Select(a => a.Listener.Name));
        var notOn = lost is null ? "" : $"; {char.ToLowerInvariant(lost.Message[0])}{lost.Message[1..]}";
        status.Conditions.Add(context.Conditions.True(ConditionTypes.Accepted, Reasons.Accepted,
            $"Attached to {attachedTo} of {attachment.Gateway}{notOn}", generation));
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

    private ResolvedRule Resolve(RouteSource route, ValidRule rule, Gateway gateway, string listenerName, List<StatusProblem> problems)
    {
        var clusters = new List<WeightedClusterIr>();
        var failures = Extensions(route, rule.Index, "filters", rule.Filters, problems);
        var ruleFilters = rule.Filters.ToIr(Mirrors(route, rule.Index, "filters", rule.Filters, gateway, listenerName, problems));
        var backendRefs = rule.BackendRefs;
        for (var j = 0; j < backendRefs.Count; j++)
        {
            var weight = backendRefs[j].Weight ?? 1;
            if (weight == 0)
            {
                continue; // a zero weight gets no traffic: how a backend is drained
            }
            var result = backends.Resolve(route, backendRefs[j].Ref, gateway, listenerName);
            if (result.Problem is { } problem)
            {
                problems.Add(new StatusProblem(problem.Reason, problem.Message));
            }
            var filters = rule.BackendFilters[j];
            failures.AddRange(Extensions(route, rule.Index, $"backendRefs[{j}].filters", filters, problems));
            // Resolve always names a cluster; when the ref cannot be honoured that cluster answers 500, so the
            // ref keeps its share of traffic and that share fails, as the spec asks.
            clusters.Add(new WeightedClusterIr
            {
                Cluster = result.Cluster,
                Weight = weight,
                Filters = filters.ToIr(Mirrors(route, rule.Index, $"backendRefs[{j}].filters", filters, gateway, listenerName, problems)),
            });
        }
        return new ResolvedRule(clusters, ruleFilters, failures.Count == 0 ? null : string.Join("; ", failures));
    }

    /// <summary>The mirrors whose backendRef resolves; the others are only reported.</summary>
    private List<MirrorIr> Mirrors(RouteSource route, int ruleIndex, string field, FilterSet filters, Gateway gateway, string listenerName, List<StatusProblem> problems)
    {
        var mirrors = new List<MirrorIr>();
        foreach (var mirror in filters.Mirrors)
        {
            var result = backends.Resolve(route, mirror.BackendRef, gateway, listenerName);
            if (result.Problem is { } problem)
            {
                problems.Add(new StatusProblem(problem.Reason,
                    $"Rule {ruleIndex} {field}[{mirror.FilterIndex}] RequestMirror is not configured: {problem.Message}"));
                continue;
            }
            mirrors.Add(new MirrorIr { Cluster = result.Cluster, Numerator = mirror.Numerator, Denominator = mirror.Denominator });
        }
        return mirrors;
    }

    /// <summary>Why each ExtensionRef filter cannot be served, for the route's Failure; each also a ResolvedRefs problem.</summary>
    private static List<string> Extensions(RouteSource route, int ruleIndex, string field, FilterSet filters, List<StatusProblem> problems)
    {
        var fails = route.IsGrpc ? "the rule fails every call" : "the rule answers 500";
        var failures = new List<string>();
        foreach (var (index, reference) in filters.Extensions)
        {
            var target = GroupKind.Describe(reference.Group, reference.Kind, TranslationContext.Namespace(route.Metadata), reference.Name);
            problems.Add(new StatusProblem(BackendReasons.InvalidKind,
                $"Rule {ruleIndex} {field}[{index}] is an ExtensionRef to {target}, a filter kind the gateway does not support: {fails}"));
            failures.Add($"{field}[{index}] is an ExtensionRef to {target}, a filter kind the gateway does not support");
        }
        return failures;
    }

    private void Serve(RouteSource route, ValidRule rule, ListenerState listener, IReadOnlyList<string> hostnames, ResolvedRule resolved)
    {
        var prefix = $"{route.Kind.ToLowerInvariant()}/{TranslationContext.Namespace(route.Metadata)}/{route.Metadata.Name}/rule/{rule.Index}";
        for (var j = 0; j < rule.Matches.Count; j++)
        {
            var ir = new RouteIr
            {
                Name = $"{prefix}/match/{j}",
                Match = rule.Matches[j],
                Protocol = route.IsGrpc ? RouteProtocolIr.Grpc : RouteProtocolIr.Http,
                Backends = resolved.Backends,
                Filters = resolved.Filters,
                Redirect = rule.Filters.Redirect,
                Cors = rule.Filters.Cors,
                Timeouts = rule.Timeouts,
                Retry = rule.Retry,
                Failure = resolved.Failure,
            };
            foreach (var hostname in hostnames)
            {
                _routes.Add(new RankedRoute(listener.Port, hostname, ir, route.Metadata, rule.Index, j, rule.GrpcRanks?[j]));
            }
        }
    }

    /// <summary>A valid rule's parts that depend on the Gateway: backends and mirrors resolved, and why it must fail.</summary>
    private sealed record ResolvedRule(EquatableArray<WeightedClusterIr> Backends, HttpFiltersIr? Filters, string? Failure);
}
