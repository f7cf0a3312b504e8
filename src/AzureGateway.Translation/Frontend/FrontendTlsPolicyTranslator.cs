using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Model.Alb;
using AzureGateway.Translation.Backends;
using AzureGateway.Translation.Gateways;
using AzureGateway.Translation.Policies;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Frontend;

/// <summary>
/// Application Gateway for Containers' <c>alb.networking.azure.io/v1</c> FrontendTLSPolicy: on a Gateway of its own
/// namespace, or on some of its HTTPS listeners (<c>sectionNames</c>), it sets the predefined TLS policy (cipher
/// suites; <c>2023-06</c> when not given, as AGC's schema defaults it) and, with <c>verify</c>, requires client
/// certificates that chain to <c>caCertificateRef</c> and carry one of <c>subjectAltNames</c>. A CA that cannot be used
/// makes those listeners refuse every client (ResolvedRefs False says why) rather than serve without validation.
/// </summary>
internal sealed class FrontendTlsPolicyTranslator(TranslationContext context, ServedGateways gateways)
{
    private const string AcceptedMessage = "Valid FrontendTLSPolicy";

    private readonly ClientCaBundle _bundle = new(context);

    public IReadOnlyList<JudgedFrontendTlsPolicy> Judge() => context.Snapshot.FrontendTlsPolicies.Select(JudgeOne).ToList();

    private JudgedFrontendTlsPolicy JudgeOne(FrontendTlsPolicy policy)
    {
        var ns = TranslationContext.Namespace(policy.Metadata);
        var label = $"FrontendTLSPolicy {ns}/{policy.Metadata.Name}";
        var (gateway, listeners, scope, targetProblem) = Target(policy.Spec.TargetRef, ns);
        if (targetProblem is not null)
        {
            return new JudgedFrontendTlsPolicy(policy, ns, gateway, null, targetProblem, null);
        }
        if (policy.Spec.Override is not null)
        {
            return new JudgedFrontendTlsPolicy(policy, ns, gateway, null,
                (AlbPolicyReasons.OverrideNotSupported, "spec.override is not supported; put the settings in spec.default"), null);
        }
        var config = policy.Spec.Default ?? new FrontendTlsPolicyConfig();
        var type = config.PolicyType ?? new FrontendTlsPolicyType();
        if (type.Type is { Length: > 0 } typeName && typeName != "predefined")
        {
            return new JudgedFrontendTlsPolicy(policy, ns, gateway, null,
                (AlbPolicyReasons.InvalidPolicyType, $"spec.default.policyType.type \"{typeName}\" is not supported; the only type is predefined"), null);
        }
        var policyName = string.IsNullOrEmpty(type.Name) ? PredefinedTlsPolicies.Default : type.Name;
        if (PredefinedTlsPolicies.CipherSuites(policyName) is not { } suites)
        {
            return new JudgedFrontendTlsPolicy(policy, ns, gateway, null,
                (AlbPolicyReasons.InvalidPolicyName,
                    $"spec.default.policyType.name \"{policyName}\" is not a predefined policy; use {PredefinedTlsPolicies.Default} or {PredefinedTlsPolicies.Strict}"), null);
        }

        var (validation, unresolved) = config.Verify is { } verify ? Validation(verify, ns, policy.Metadata.Name) : (null, null);
        var source = new FrontendSource(label, scope, policy.Metadata.CreationTimestamp, listeners)
        {
            CipherSuites = suites,
            ClientValidation = validation,
        };
        return new JudgedFrontendTlsPolicy(policy, ns, gateway, source, null, unresolved);
    }

    private (ClientValidationIr Validation, (string Reason, string Message)? Unresolved) Validation(FrontendTlsPolicyVerify verify, string ns, string name)
    {
        if (verify.CaCertificateRef is not { } reference)
        {
            const string missing = "spec.default.verify.caCertificateRef is required: it names the Secret whose ca.crt signs client certificates";
            return (new ClientValidationIr { Mode = ClientCertificateMode.RequireValid, RefuseAllBecause = missing },
                (AlbPolicyReasons.InvalidCertificateRef, missing));
        }
        var referrer = new Referrer(ResourceKinds.AlbGroup, "FrontendTLSPolicy", ns, name);
        var (anchors, problems) = _bundle.Resolve(referrer, [(reference.Group, reference.Kind ?? "Secret", reference.Name, reference.Namespace)]);
        var names = (verify.SubjectAltNames ?? []).Where(n => n.Length > 0).ToArray();
        if (problems.FirstOrDefault() is { } problem)
        {
            var reason = problem.Kind switch
            {
                ReferenceProblemKind.UnsupportedKind => AlbPolicyReasons.InvalidKind,
                ReferenceProblemKind.NotPermitted => AlbPolicyReasons.RefNotPermitted,
                _ => AlbPolicyReasons.InvalidCertificateRef,
            };
            var message = $"spec.default.verify.caCertificateRef: {problem.Message}; the policy's listeners refuse every client until it can be used";
            return (new ClientValidationIr { Mode = ClientCertificateMode.RequireValid, RefuseAllBecause = $"FrontendTLSPolicy {ns}/{name}: {problem.Message}" },
                (reason, message));
        }
        return (new ClientValidationIr { Mode = ClientCertificateMode.RequireValid, TrustedCertificates = anchors.ToList(), SubjectAltNames = names }, null);
    }

    private (ServedGateway? Gateway, IReadOnlyList<ListenerState> Listeners, FrontendScope Scope, (string, string)? Problem) Target(
        AlbTargetReference target, string ns)
    {
        if (string.IsNullOrEmpty(target.Name) || string.IsNullOrEmpty(target.Kind))
        {
            return (null, [], FrontendScope.Gateway, (AlbPolicyReasons.NoTargetReference,
                "spec.targetRef must name the Gateway the policy applies to (kind and name)"));
        }
        if (!string.IsNullOrEmpty(target.Group) && target.Group != ResourceKinds.GatewayApiGroup)
        {
            return (null, [], FrontendScope.Gateway, (AlbPolicyReasons.InvalidGroup,
                $"spec.targetRef.group \"{target.Group}\" is not supported; target a Gateway of group {ResourceKinds.GatewayApiGroup}"));
        }
        if (target.Kind != "Gateway")
        {
            return (null, [], FrontendScope.Gateway, (AlbPolicyReasons.InvalidKind, $"spec.targetRef: kind {target.Kind} is not supported; target a Gateway"));
        }
        if (target.Namespace is { } targetNs && targetNs != ns)
        {
            return (null, [], FrontendScope.Gateway, (AlbPolicyReasons.RefNotPermitted,
                $"spec.targetRef: Gateway {targetNs}/{target.Name} is in another namespace; a FrontendTLSPolicy applies only to Gateways of its own namespace ({ns})"));
        }
        if (gateways.Find(ns, target.Name) is not { } gateway)
        {
            return (null, [], FrontendScope.Gateway, (AlbPolicyReasons.InvalidName,
                gateways.Exists(ns, target.Name)
                    ? $"spec.targetRef: Gateway {ns}/{target.Name} is not served by this gateway"
                    : $"spec.targetRef: Gateway {ns}/{target.Name} not found"));
        }
        if (target.SectionNames is not { Count: > 0 } sections)
        {
            return (gateway, gateway.Listeners.Where(l => l.Protocol == PortProtocol.Https).ToList(), FrontendScope.Gateway, null);
        }
        var named = sections.Select(s => (Name: s, Listener: gateway.Listeners.FirstOrDefault(l => l.Name == s))).ToList();
        if (named.FirstOrDefault(n => n.Listener is null).Name is { } unknown)
        {
            return (gateway, [], FrontendScope.Listener, (AlbPolicyReasons.InvalidName,
                $"spec.targetRef.sectionNames: Gateway {ns}/{target.Name} has no listener named \"{unknown}\""));
        }
        if (named.FirstOrDefault(n => n.Listener!.Protocol != PortProtocol.Https) is { Listener: { } plain })
        {
            return (gateway, [], FrontendScope.Listener, (AlbPolicyReasons.InvalidName,
                $"spec.targetRef.sectionNames: listener {plain.Name} of Gateway {ns}/{target.Name} is not an HTTPS listener; frontend TLS applies to HTTPS listeners"));
        }
        return (gateway, named.Select(n => n.Listener!).ToList(), FrontendScope.Listener, null);
    }

    /// <summary>
    /// The policy's status: Accepted, and ResolvedRefs. Written as the other ALB policies' are: in a folder always, in
    /// a cluster only for a policy on a Gateway of ours (the others are the ALB controller's).
    /// </summary>
    public ResourceStatus? Status(JudgedFrontendTlsPolicy judged, FrontendOutcome? outcome)
    {
        if (context.Options.ControllerNames is not null && judged.Gateway is null)
        {
            return null;
        }
        var generation = ResourceRefs.Generation(judged.Policy.Metadata);
        var accepted = (judged.Problem, outcome) switch
        {
            ({ } problem, _) => context.Conditions.False(ConditionTypes.Accepted, problem.Reason, Wording.Sentence([problem.Message]), generation),
            (_, { IsConflicted: true } lost) => context.Conditions.False(ConditionTypes.Accepted, AlbPolicyReasons.Conflicted,
                Wording.Sentence(lost.Notes()), generation),
            (_, { } applied) when applied.Notes().Any() => context.Conditions.True(ConditionTypes.Accepted, AlbPolicyReasons.Accepted,
                Wording.Sentence([AcceptedMessage, .. applied.Notes()]), generation),
            _ => context.Conditions.True(ConditionTypes.Accepted, AlbPolicyReasons.Accepted, AcceptedMessage, generation),
        };
        var resolved = judged.Unresolved is { } unresolved
            ? context.Conditions.False(ConditionTypes.ResolvedRefs, unresolved.Reason, Wording.Sentence([unresolved.Message]), generation)
            : context.Conditions.True(ConditionTypes.ResolvedRefs, AlbPolicyReasons.ResolvedRefs, "All references are resolved", generation);
        return new ResourceStatus(
            new ResourceRef(ResourceKinds.AlbVersion, "FrontendTLSPolicy", judged.Namespace, judged.Policy.Metadata.Name, generation),
            new ConditionsStatus { Conditions = judged.Problem is null ? [accepted, resolved] : [accepted] });
    }
}

/// <summary>A FrontendTLSPolicy judged on its own: its settings as a source (null when it has a problem), and what is wrong.</summary>
internal sealed record JudgedFrontendTlsPolicy(
    FrontendTlsPolicy Policy, string Namespace, ServedGateway? Gateway, FrontendSource? Source,
    (string Reason, string Message)? Problem, (string Reason, string Message)? Unresolved);
