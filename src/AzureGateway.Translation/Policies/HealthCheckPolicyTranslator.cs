using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Model.Alb;
using AzureGateway.Translation.Gateways;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Policies;

/// <summary>
/// Application Gateway for Containers' <c>alb.networking.azure.io/v1</c> HealthCheckPolicies: a policy targets one
/// Service of its own namespace, and every cluster built from that Service gets its probes (<see cref="For"/>), with the
/// cluster's own upstream TLS when the probes use TLS. A policy that cannot be used leaves its Service's endpoints
/// under passive health alone. Two policies on one Service: the older (<c>creationTimestamp</c>, then
/// <c>namespace/name</c>) wins and the other is <c>Conflicted</c>. Probes over TLS (<c>useTLS: true</c>) to a Service no
/// backend TLS policy covers are refused with AGC's <c>BackendTLSPolicyNotFound</c>: there is nothing to verify the
/// endpoint with, and probing it unverified is not offered. Statuses are plain conditions, written when every class is
/// served (a folder) always, otherwise only for a policy whose Service a route of a served Gateway reaches.
/// </summary>
internal sealed class HealthCheckPolicyTranslator
{
    private const string AcceptedMessage = "Valid HealthCheckPolicy";

    private readonly TranslationContext _context;
    private readonly List<Judged> _judged = [];
    private readonly Dictionary<(string Namespace, string Name), Judged> _owners = [];

    public HealthCheckPolicyTranslator(TranslationContext context)
    {
        _context = context;
        foreach (var policy in context.Snapshot.HealthCheckPolicies
            .Select(Judge)
            .OrderBy(p => p.Policy.Metadata, Comparer<k8s.Models.V1ObjectMeta>.Create(ResourceOrder.Compare)))
        {
            if (policy.Target is { } target && !_owners.TryAdd(target, policy))
            {
                policy.ConflictsWith = _owners[target].Label;
            }
            _judged.Add(policy);
        }
    }

    /// <summary>
    /// The probes for a cluster of Service <paramref name="serviceNamespace"/>/<paramref name="serviceName"/> with
    /// <paramref name="endpoints"/> and upstream <paramref name="tls"/> (null for plain HTTP), or null when no usable
    /// policy targets the Service. Each call counts as a use of the policy, for its status.
    /// </summary>
    public HealthCheckIr? For(string serviceNamespace, string serviceName, EquatableArray<EndpointIr> endpoints, UpstreamTlsIr? tls)
    {
        if (!_owners.TryGetValue((serviceNamespace, serviceName), out var policy))
        {
            return null;
        }
        policy.Used = true;
        if (policy.Settings is not { Problem: null } settings)
        {
            return null;
        }
        // Unset, AGC probes as the Service is reached when the probe goes to the same port, and in plain text otherwise.
        var samePort = settings.Port is not { } port || endpoints.All(e => e.Port == port);
        var useTls = settings.UseTls ?? (samePort && tls is not null);
        if (useTls && tls is null)
        {
            policy.TlsMissing = true;
            return null;
        }
        return new HealthCheckIr
        {
            Interval = settings.Interval,
            Timeout = settings.Timeout,
            HealthyThreshold = settings.HealthyThreshold,
            UnhealthyThreshold = settings.UnhealthyThreshold,
            Port = settings.Port,
            UseTls = useTls,
            Host = settings.Host,
            Path = settings.Path,
            StatusCodes = settings.StatusCodes.ToArray(),
            Source = policy.Label,
        };
    }

    /// <summary>The policies' statuses; call after every cluster was built.</summary>
    public IEnumerable<ResourceStatus> Statuses() =>
        _judged
            .Where(p => _context.Options.ControllerNames is null || p.Used)
            .OrderBy(p => p.Namespace, StringComparer.Ordinal)
            .ThenBy(p => p.Policy.Metadata.Name, StringComparer.Ordinal)
            .Select(Status);

    /// <summary>A policy judged on its own: the Service it claims (null when none) and its settings, or its first problem.</summary>
    private sealed record Judged(
        HealthCheckPolicy Policy, string Namespace, string Label, (string Namespace, string Name)? Target,
        HealthCheckSettings? Settings, (string Reason, string Message)? Problem)
    {
        public string? ConflictsWith { get; set; }
        public bool Used { get; set; }
        public bool TlsMissing { get; set; }
    }

    /// <summary>A HealthCheckPolicy targets a whole Service of its own namespace (group "").</summary>
    private static readonly AlbTargetRule TargetRule = new(
        "HealthCheckPolicy", "Service", "a", new HashSet<string> { "" }, "target a Service (group \"\")",
        "; set the probed port with spec.default.port", AlbPolicyReasons.InvalidService, new Dictionary<string, string>());

    private Judged Judge(HealthCheckPolicy policy)
    {
        var ns = TranslationContext.Namespace(policy.Metadata);
        var label = $"{ResourceKinds.AlbGroup} HealthCheckPolicy {ns}/{policy.Metadata.Name}";
        var (target, targetProblem) = AlbPolicyTargets.Target(policy.Spec.TargetRef, ns, TargetRule,
            (serviceNs, name) => _context.Snapshot.Services.Any(s => TranslationContext.Namespace(s.Metadata) == serviceNs && s.Metadata.Name == name));
        if ((targetProblem ?? AlbPolicyTargets.Settings(policy.Spec.Override, policy.Spec.Default, AlbPolicyReasons.InvalidHealthCheckPolicy,
                "the probe settings")) is { } problem)
        {
            return new Judged(policy, ns, label, target, null, problem);
        }
        var settings = HealthCheckSettings.Read(policy.Spec.Default!);
        return new Judged(policy, ns, label, target, settings,
            settings.Problem is { } invalid ? (invalid.Reason, invalid.Message + " The Service's endpoints are not probed.") : null);
    }

    private ResourceStatus Status(Judged policy)
    {
        var generation = ResourceRefs.Generation(policy.Policy.Metadata);
        var note = policy.Settings?.Note is { } text ? new[] { text } : [];
        var accepted = policy switch
        {
            { ConflictsWith: { } winner } => _context.Conditions.False(ConditionTypes.Accepted, AlbPolicyReasons.Conflicted,
                $"Policy conflicts with {winner}, which applies to the same Service.", generation),
            { Problem: { } problem } => _context.Conditions.False(ConditionTypes.Accepted, problem.Reason, Wording.Sentence([problem.Message]), generation),
            { TlsMissing: true } => _context.Conditions.False(ConditionTypes.Accepted, AlbPolicyReasons.BackendTlsPolicyNotFound,
                Wording.Sentence([$"probes over TLS need a backend TLS policy for Service {policy.Target!.Value.Namespace}/{policy.Target.Value.Name} "
                    + "to verify its endpoints with, and none applies where a route uses it. The Service's endpoints are not probed there"]), generation),
            _ => _context.Conditions.True(ConditionTypes.Accepted, AlbPolicyReasons.Accepted,
                note.Length == 0 ? AcceptedMessage : Wording.Sentence([AcceptedMessage, .. note]), generation),
        };
        return new ResourceStatus(
            new ResourceRef(ResourceKinds.AlbVersion, "HealthCheckPolicy", policy.Namespace, policy.Policy.Metadata.Name, generation),
            new ConditionsStatus { Conditions = [accepted] });
    }
}
