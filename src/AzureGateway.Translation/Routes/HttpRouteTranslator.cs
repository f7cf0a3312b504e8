using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Backends;
using AzureGateway.Translation.Gateways;
using AzureGateway.Translation.Routes.Filters;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// Attaches HTTPRoutes to listeners and turns their rules into ranked routes on ports and virtual hosts, with a
/// status entry per parentRef (Accepted, ResolvedRefs, and PartiallyInvalid when rules were dropped). Routes
/// attach to listeners whatever the listener's own state, as the spec counts attachedRoutes; only listeners that
/// are programmed put routes in the data plane. BackendRefs (and mirrors' backendRefs) are resolved once per
/// parent, whether its listeners are served or not, so that ResolvedRefs tells the truth either way; the backend
/// translation answers repeated identical calls alike.
/// <para>
/// Filters bring two more kinds of reference, and ResolvedRefs counts them. A mirror whose backendRef cannot be used is
/// left out (the spec: such a ref "must be dropped" and not configured) while the rule serves. An ExtensionRef
/// filter names a kind the gateway does not support (it supports none); the spec forbids skipping a filter that
/// cannot be resolved, so the rule stays and answers 500, and the parent says <c>ResolvedRefs=False/InvalidKind</c>.
/// </para>
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
            status.Conditions.Add(ResolvedRefs(backends.ReferenceProblems(route), generation));
            return status;
        }

        // Clusters are per Gateway, so a rule's backends resolve alike through every listener: once is enough.
        var problems = new List<StatusProblem>();
        var resolved = validation.Valid
            .Select(rule => Resolve(route, rule, attachment.Gateway!.Gateway, attachment.Listeners[0].Listener.Name, problems))
            .ToList();
        foreach (var (listener, hostnames) in attachment.Listeners)
        {
            listener.Attach(route.Metadata);
            if (listener.IsProgrammed)
            {
                var served = gateways.Isolation.Served(listener, hostnames);
                for (var i = 0; i < validation.Valid.Count; i++)
                {
                    Serve(route, validation.Valid[i], listener, served, resolved[i]);
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

    private ResolvedRule Resolve(HttpRoute route, ValidRule rule, Gateway gateway, string listenerName, List<StatusProblem> problems)
    {
        var clusters = new List<WeightedClusterIr>();
        var failures = Extensions(route, rule.Index, "filters", rule.Filters, problems);
        var ruleFilters = rule.Filters.ToIr(Mirrors(route, rule.Index, "filters", rule.Filters, gateway, listenerName, problems));
        var backendRefs = rule.Rule.BackendRefs ?? [];
        for (var j = 0; j < backendRefs.Count; j++)
        {
            var weight = backendRefs[j].Weight ?? 1;
            if (weight == 0)
            {
                continue; // a zero weight gets no traffic: how a backend is drained
            }
            var result = backends.Resolve(route, backendRefs[j], gateway, listenerName);
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
    private List<MirrorIr> Mirrors(HttpRoute route, int ruleIndex, string field, FilterSet filters, Gateway gateway, string listenerName, List<StatusProblem> problems)
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
    private static List<string> Extensions(HttpRoute route, int ruleIndex, string field, FilterSet filters, List<StatusProblem> problems)
    {
        var failures = new List<string>();
        foreach (var (index, reference) in filters.Extensions)
        {
            var target = GroupKind.Describe(reference.Group, reference.Kind, TranslationContext.Namespace(route.Metadata), reference.Name);
            problems.Add(new StatusProblem(BackendReasons.InvalidKind,
                $"Rule {ruleIndex} {field}[{index}] is an ExtensionRef to {target}, a filter kind the gateway does not support: the rule answers 500"));
            failures.Add($"{field}[{index}] is an ExtensionRef to {target}, a filter kind the gateway does not support");
        }
        return failures;
    }

    private void Serve(HttpRoute route, ValidRule rule, ListenerState listener, IReadOnlyList<string> hostnames, ResolvedRule resolved)
    {
        var prefix = $"httproute/{TranslationContext.Namespace(route.Metadata)}/{route.Metadata.Name}/rule/{rule.Index}";
        for (var j = 0; j < rule.Matches.Count; j++)
        {
            var ir = new RouteIr
            {
                Name = $"{prefix}/match/{j}",
                Match = rule.Matches[j],
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
                _routes.Add(new RankedRoute(listener.Port, hostname, ir, route.Metadata, rule.Index, j));
            }
        }
    }

    /// <summary>A valid rule's parts that depend on the Gateway: backends and mirrors resolved, and why it must fail.</summary>
    private sealed record ResolvedRule(EquatableArray<WeightedClusterIr> Backends, HttpFiltersIr? Filters, string? Failure);
}
