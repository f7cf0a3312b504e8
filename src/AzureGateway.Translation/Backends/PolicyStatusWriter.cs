using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Backends;

/// <summary>
/// Writes the status of every BackendTLSPolicy (both APIs) and Envoy Gateway Backend. A Gateway API policy's
/// ancestors are the Gateways whose routes send traffic to one of its targets (its port, when it names one),
/// one entry per Gateway without a <c>sectionName</c>: its conditions do not depend on the listener. A policy
/// no route reaches has no ancestors. The ALB policy and the Backend carry plain conditions, which leave no room for
/// another controller's: when only some GatewayClasses are served (a cluster), they are written only when a route of
/// a served Gateway reaches them, so the ones another controller (the ALB controller, Envoy Gateway) serves are left
/// to it. When every class is served (a folder), every one is ours and gets its status, reached or not.
/// </summary>
internal sealed class PolicyStatusWriter(TranslationContext context)
{
    /// <summary>The spec's limit on <c>status.ancestors</c>.</summary>
    private const int MaxAncestors = 16;

    /// <summary>
    /// Each use (a port a route sends traffic to, and the Gateway of that route), by the whole object the port
    /// belongs to: a policy's target can cover only uses of its own object, so it looks at those alone.
    /// </summary>
    private readonly Dictionary<TargetKey, HashSet<(TargetKey Use, string Namespace, string Name)>> _usesByObject = [];

    /// <summary>Remembers that a route on <paramref name="gateway"/> sends traffic to <paramref name="use"/>.</summary>
    public void RecordUse(TargetKey use, Gateway gateway)
    {
        if (!_usesByObject.TryGetValue(use.Whole, out var uses))
        {
            uses = [];
            _usesByObject[use.Whole] = uses;
        }
        uses.Add((use, TranslationContext.Namespace(gateway.Metadata), gateway.Metadata.Name));
    }

    public IEnumerable<ResourceStatus> Write(IEnumerable<TlsPolicy> policies, IEnumerable<JudgedBackend> backends)
    {
        var ordered = policies.OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        foreach (var policy in ordered.Where(p => p.Api == PolicyApi.GatewayApi))
        {
            yield return new ResourceStatus(
                new ResourceRef(ResourceKinds.GatewayApiVersion, "BackendTLSPolicy", policy.Namespace, policy.Name, policy.Generation),
                new PolicyStatus { Ancestors = Ancestors(policy) });
        }
        foreach (var policy in ordered.Where(p => p.Api == PolicyApi.Alb && Ours(p.Targets)))
        {
            yield return new ResourceStatus(
                new ResourceRef(ResourceKinds.AlbVersion, "BackendTLSPolicy", policy.Namespace, policy.Name, policy.Generation),
                new ConditionsStatus { Conditions = [Accepted(policy), policy.ResolvedRefs] });
        }
        foreach (var backend in backends.Where(b => Ours([new TargetKey(TargetKey.Backend, b.Namespace, b.Name, null)])))
        {
            var generation = backend.Resource.Metadata.Generation ?? 1;
            // What is read but not honoured is said where the Backend's status has room for it: its Accepted condition.
            var accepted = backend.Problem is null
                ? context.Conditions.True(ConditionTypes.Accepted, Reasons.Accepted,
                    backend.NotHonoured is null ? BackendReasons.BackendAcceptedMessage : $"{BackendReasons.BackendAcceptedMessage} {backend.NotHonoured}.", generation)
                : context.Conditions.False(ConditionTypes.Accepted, Reasons.Invalid, $"The Backend was not accepted: {backend.Problem}.", generation);
            yield return new ResourceStatus(
                new ResourceRef(ResourceKinds.EnvoyGatewayVersion, "Backend", backend.Namespace, backend.Name, generation),
                new ConditionsStatus { Conditions = [accepted] });
        }
    }

    private bool Ours(IEnumerable<TargetKey> targets) =>
        context.Options.ControllerNames is null
        || targets.Any(t => _usesByObject.TryGetValue(t.Whole, out var uses) && uses.Any(u => t.Covers(u.Use)));

    private List<PolicyAncestorStatus> Ancestors(TlsPolicy policy) =>
        policy.Targets
            .SelectMany(t => _usesByObject.TryGetValue(t.Whole, out var uses) ? uses.Where(u => t.Covers(u.Use)) : [])
            .Select(u => (u.Namespace, u.Name))
            .Distinct()
            .OrderBy(g => g.Namespace, StringComparer.Ordinal)
            .ThenBy(g => g.Name, StringComparer.Ordinal)
            .Take(MaxAncestors)
            .Select(g => new PolicyAncestorStatus
            {
                AncestorRef = new ParentReference
                {
                    Group = ResourceKinds.GatewayApiGroup,
                    Kind = "Gateway",
                    Namespace = g.Namespace,
                    Name = g.Name,
                },
                ControllerName = ResourceKinds.ControllerName,
                Conditions = [Accepted(policy), policy.ResolvedRefs],
            })
            .ToList();

    private Condition Accepted(TlsPolicy policy) => policy.ConflictsWith is null
        ? policy.Accepted
        : context.Conditions.False(ConditionTypes.Accepted, Reasons.Conflicted,
            $"Policy conflicts with {policy.ConflictsWith}.", policy.Generation);
}
