using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Model.Alb;
using AzureGateway.Translation.Gateways;
using AzureGateway.Translation.Routes;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Policies;

/// <summary>
/// Applies Application Gateway for Containers' <c>alb.networking.azure.io/v1</c> RoutePolicies to the routes the
/// HTTPRoutes produced, after route translation, and writes their status. A policy targets one HTTPRoute of its
/// own namespace and sets, on every route of it, the request timeout (<c>timeouts.routeTimeout</c>) and the
/// session affinity. Where the HTTPRoute rule has timeouts of its own (<c>request</c> or <c>backendRequest</c>)
/// they take precedence, as AGC documents; the policy is then <c>AcceptedWithTimeoutConflict</c> and names those
/// rules. A policy that cannot be used leaves its route serving without it. Two policies on one route: the older
/// (<c>creationTimestamp</c>, then <c>namespace/name</c>) wins and the other is <c>Conflicted</c>, as for the
/// backend TLS policies. Statuses are plain conditions, written as the ALB BackendTLSPolicy's are: when every
/// class is served (a folder) always, otherwise only for a policy whose route is attached to a Gateway of ours.
/// </summary>
public sealed class RoutePolicyTranslator(TranslationContext context)
{
    private const string AcceptedMessage = "Valid RoutePolicy";

    /// <summary>
    /// The routes with the policies applied (the same objects where no policy applies) and the policies' statuses.
    /// <paramref name="statuses"/> are those computed so far: an HTTPRoute with a status there is attached to a
    /// Gateway of ours.
    /// </summary>
    public (IReadOnlyList<RankedRoute> Routes, IReadOnlyList<ResourceStatus> Statuses) Apply(
        IReadOnlyList<RankedRoute> routes, IEnumerable<ResourceStatus> statuses)
    {
        var ours = statuses.Where(s => s.Resource is { Kind: "HTTPRoute" })
            .Select(s => (s.Resource.Namespace ?? "", s.Resource.Name))
            .ToHashSet();
        var owners = new Dictionary<(string Namespace, string Name), Judged>();
        var judged = new List<Judged>();
        foreach (var policy in context.Snapshot.RoutePolicies
            .Select(Judge)
            .OrderBy(p => p.Policy.Metadata, Comparer<k8s.Models.V1ObjectMeta>.Create(ResourceOrder.Compare)))
        {
            if (policy.Target is { } target && !owners.TryAdd(target, policy))
            {
                judged.Add(policy with { ConflictsWith = owners[target].Label });
                continue;
            }
            judged.Add(policy);
        }

        var keptTimeouts = new Dictionary<(string, string), SortedSet<int>>();
        var applied = routes.Select(route =>
        {
            var key = (TranslationContext.Namespace(route.RouteMetadata), route.RouteMetadata.Name);
            // A RoutePolicy targets HTTPRoutes only; a GRPCRoute of the same name is another object.
            if (route.Route.Protocol == RouteProtocolIr.Grpc || !owners.TryGetValue(key, out var policy) || policy.Settings is not { Problems.Count: 0 } settings)
            {
                return route;
            }
            var (ir, keptOwn) = With(route.Route, settings.RouteTimeout, settings.SessionAffinity);
            if (keptOwn)
            {
                keptTimeouts.TryAdd(key, []);
                keptTimeouts[key].Add(route.RuleIndex);
            }
            return ir == route.Route ? route : route with { Route = ir };
        }).ToList();

        var written = judged
            .Where(p => context.Options.ControllerNames is null || (p.Target is { } t && ours.Contains(t)))
            .Select(p => Status(p, p.Target is { } t ? keptTimeouts.GetValueOrDefault(t) : null))
            .ToList();
        return (applied, written);
    }

    /// <summary>
    /// The route with a policy's settings. The route timeout fills <c>Timeouts.Request</c> only where the rule
    /// set no timeout of its own; the second value says that it had one, and kept it.
    /// </summary>
    public static (RouteIr Route, bool KeptOwnTimeout) With(RouteIr route, TimeSpan? routeTimeout, SessionAffinityIr? sessionAffinity)
    {
        var keptOwn = false;
        var result = route;
        if (routeTimeout is { } timeout)
        {
            if (route.Timeouts is { Request: null, BackendRequest: null } or null)
            {
                result = result with { Timeouts = (route.Timeouts ?? new RouteTimeoutsIr()) with { Request = timeout } };
            }
            else
            {
                keptOwn = true;
            }
        }
        if (sessionAffinity is { } affinity)
        {
            result = result with { SessionAffinity = affinity };
        }
        return (result, keptOwn);
    }

    /// <summary>A policy judged on its own: the route it claims (null when none) and its settings, or its first problem.</summary>
    private sealed record Judged(
        RoutePolicy Policy, string Namespace, string Label, (string Namespace, string Name)? Target,
        RoutePolicySettings? Settings, (string Reason, string Message)? Problem)
    {
        public string? ConflictsWith { get; init; }
    }

    /// <summary>
    /// A RoutePolicy targets a whole HTTPRoute of its own namespace. AGC's own example writes group "" for the
    /// HTTPRoute; both it and the Gateway API group are taken.
    /// </summary>
    private static readonly AlbTargetRule TargetRule = new(
        "RoutePolicy", "HTTPRoute", "an", new HashSet<string> { "", ResourceKinds.GatewayApiGroup },
        $"target an HTTPRoute of group {ResourceKinds.GatewayApiGroup}", "", AlbPolicyReasons.InvalidHttpRoute,
        new Dictionary<string, string>
        {
            ["GRPCRoute"] = "spec.targetRef: a RoutePolicy on a GRPCRoute is not supported (this gateway applies RoutePolicies to HTTPRoutes only); target an HTTPRoute",
        });

    private Judged Judge(RoutePolicy policy)
    {
        var ns = TranslationContext.Namespace(policy.Metadata);
        var label = $"{ResourceKinds.AlbGroup} RoutePolicy {ns}/{policy.Metadata.Name}";
        var (target, targetProblem) = AlbPolicyTargets.Target(policy.Spec.TargetRef, ns, TargetRule,
            (routeNs, name) => context.Snapshot.HttpRoutes.Any(r => TranslationContext.Namespace(r.Metadata) == routeNs && r.Metadata.Name == name));
        if ((targetProblem ?? AlbPolicyTargets.Settings(policy.Spec.Override, policy.Spec.Default, AlbPolicyReasons.InvalidRoutePolicy,
                "the timeouts and the session affinity")) is { } problem)
        {
            return new Judged(policy, ns, label, target, null, problem);
        }
        var settings = RoutePolicySettings.Read(policy.Spec.Default!);
        return settings.Problems.Count == 0
            ? new Judged(policy, ns, label, target, settings, null)
            : new Judged(policy, ns, label, target, settings,
                (AlbPolicyReasons.InvalidRoutePolicy, Wording.Sentence(settings.Problems) + " The route serves without this policy."));
    }

    private ResourceStatus Status(Judged policy, SortedSet<int>? keptTimeouts)
    {
        var generation = ResourceRefs.Generation(policy.Policy.Metadata);
        var accepted = (policy.ConflictsWith, policy.Problem) switch
        {
            ({ } winner, _) => context.Conditions.False(ConditionTypes.Accepted, AlbPolicyReasons.Conflicted,
                $"Policy conflicts with {winner}, which applies to the same HTTPRoute.", generation),
            (_, { } problem) => context.Conditions.False(ConditionTypes.Accepted, problem.Reason, Wording.Sentence([problem.Message]), generation),
            _ when keptTimeouts is { Count: > 0 } => context.Conditions.True(ConditionTypes.Accepted, AlbPolicyReasons.AcceptedWithTimeoutConflict,
                Wording.Sentence([AcceptedMessage, .. Note(policy), KeptTimeouts(policy, keptTimeouts)]), generation),
            _ => context.Conditions.True(ConditionTypes.Accepted, AlbPolicyReasons.Accepted,
                Note(policy).Any() ? Wording.Sentence([AcceptedMessage, .. Note(policy)]) : AcceptedMessage,
                generation),
        };
        return new ResourceStatus(
            new ResourceRef(ResourceKinds.AlbVersion, "RoutePolicy", policy.Namespace, policy.Policy.Metadata.Name, generation),
            new ConditionsStatus { Conditions = [accepted] });
    }

    private static IEnumerable<string> Note(Judged policy) => policy.Settings?.Note is { } note ? [note] : [];

    private static string KeptTimeouts(Judged policy, SortedSet<int> rules)
    {
        var (ns, name) = policy.Target!.Value;
        var which = rules.Count == 1
            ? $"rule {rules.Min} of HTTPRoute {ns}/{name} sets its own timeouts"
            : $"rules {string.Join(", ", rules)} of HTTPRoute {ns}/{name} set their own timeouts";
        return $"{which}, which take precedence there over spec.default.timeouts.routeTimeout";
    }
}
