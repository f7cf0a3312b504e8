using AzureGateway.Certificates;
using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Model.Alb;
using AzureGateway.Translation.Status;
using k8s.Models;

namespace AzureGateway.Translation.Backends;

/// <summary>
/// Judges an Application Gateway for Containers <c>alb.networking.azure.io/v1</c> BackendTLSPolicy. It targets
/// one Service (its <c>default.ports</c> and <c>targetRef.sectionNames</c> narrow it to ports), supplies the
/// SNI and server verification, and may carry the backend's own client certificate. Where AGC's documents are
/// silent: without <c>sni</c> the SNI is <c>verify.subjectAltName</c>, else the Service's DNS name
/// <c>&lt;service&gt;.&lt;namespace&gt;.svc</c>; without <c>verify.caCertificateRef</c> the system trust store
/// verifies the backend.
/// </summary>
internal sealed class AlbPolicyTranslator(
    TranslationContext context, CaCertificateResolver caCertificates, ClientCertificateResolver clientCertificates)
{
    private sealed record Problem(string AcceptedReason, string Message, string? ResolvedRefsReason = null);

    public TlsPolicy Translate(AlbBackendTlsPolicy policy)
    {
        var ns = TranslationContext.Namespace(policy.Metadata);
        var generation = policy.Metadata.Generation ?? 1;
        var label = $"{ResourceKinds.AlbGroup} BackendTLSPolicy {ns}/{policy.Metadata.Name}";
        var referrer = new Referrer(ResourceKinds.AlbGroup, "BackendTLSPolicy", ns, policy.Metadata.Name);
        var problems = new List<Problem>();
        var config = policy.Spec.Default;

        var (service, targets) = Target(policy, referrer, config, problems);
        if (policy.Spec.Override is not null)
        {
            problems.Add(new(BackendReasons.OverrideNotSupported, "spec.override is not supported; put the settings in spec.default"));
        }
        if (config is null)
        {
            problems.Add(new(Reasons.Invalid, "spec.default is required"));
        }

        var trust = config?.Verify?.CaCertificateRef is { } caRef
            ? caCertificates.Resolve(referrer, caRef.Group, caRef.Kind ?? "Secret", caRef.Name, caRef.Namespace)
            : null;
        AddReferenceProblem(problems, "spec.default.verify.caCertificateRef", trust?.Problem);
        var client = config?.ClientCertificateRef is { } clientRef ? clientCertificates.Resolve(referrer, clientRef) : null;
        AddReferenceProblem(problems, "spec.default.clientCertificateRef", client?.Problem);

        var accepted = problems.Count == 0
            ? context.Conditions.True(ConditionTypes.Accepted, Reasons.Accepted, BackendReasons.AlbAcceptedMessage, generation)
            : context.Conditions.False(ConditionTypes.Accepted, problems[0].AcceptedReason, Sentence(problems), generation);
        var refProblems = problems.Where(p => p.ResolvedRefsReason is not null).ToList();
        var resolvedRefs = refProblems.Count == 0
            ? context.Conditions.True(ConditionTypes.ResolvedRefs, Reasons.ResolvedRefs, BackendReasons.ResolvedRefsMessage, generation)
            : context.Conditions.False(ConditionTypes.ResolvedRefs, refProblems[0].ResolvedRefsReason!, Sentence(refProblems), generation);
        var failure = $"{label} cannot be used: {accepted.Message}";

        return new TlsPolicy
        {
            Api = PolicyApi.Alb,
            Namespace = ns,
            Name = policy.Metadata.Name,
            Generation = generation,
            CreationTimestamp = policy.Metadata.CreationTimestamp,
            Label = label,
            Targets = targets,
            Validation = problems.Count == 0
                ? Result<ServerValidation>.Ok(Validation(label, config!, service!, trust?.Value))
                : Result<ServerValidation>.Fail(failure),
            ClientCertificate = client is null
                ? null
                : problems.Count == 0
                    ? new ClientCertificateChoice(client.Value, $"{label} spec.default.clientCertificateRef", null)
                    : new ClientCertificateChoice(null, $"{label} spec.default.clientCertificateRef", failure),
            Accepted = accepted,
            ResolvedRefs = resolvedRefs,
        };
    }

    /// <summary>
    /// The Service and the keys the policy claims. A target it may not reach, or that does not exist, claims
    /// nothing; a listed port the Service lacks is reported, and the ports that exist are still claimed so
    /// that they answer 500 rather than go unverified.
    /// </summary>
    private (V1Service? Service, List<TargetKey> Targets) Target(
        AlbBackendTlsPolicy policy, Referrer referrer, AlbBackendTlsPolicyConfig? config, List<Problem> problems)
    {
        var target = policy.Spec.TargetRef;
        var ns = target.Namespace ?? referrer.Namespace;
        if (!string.IsNullOrEmpty(target.Group) || target.Kind != "Service")
        {
            problems.Add(new(BackendReasons.InvalidTargetReference,
                $"spec.targetRef: {GroupKind.Describe(target.Group, target.Kind, ns, target.Name)} is not supported; target a Service", BackendReasons.InvalidKind));
            return (null, []);
        }
        if (!context.ReferenceGrants.Permits(referrer.Group, referrer.Kind, referrer.Namespace, "", "Service", ns, target.Name))
        {
            problems.Add(new(BackendReasons.InvalidTargetReference,
                $"spec.targetRef: Service {ns}/{target.Name} is in another namespace and no ReferenceGrant allows the reference", Reasons.RefNotPermitted));
            return (null, []);
        }
        if (context.Service(ns, target.Name) is not { } service)
        {
            problems.Add(new(BackendReasons.InvalidTargetReference, $"spec.targetRef: Service {ns}/{target.Name} not found", BackendReasons.ServiceNotFound));
            return (null, []);
        }
        var servicePorts = service.Spec?.Ports ?? [];
        var wanted = (config?.Ports ?? []).Select(p => (Text: p.Port.ToString(), Port: servicePorts.FirstOrDefault(s => s.Port == p.Port)))
            .Concat((target.SectionNames ?? []).Select(n => (Text: n, Port: servicePorts.FirstOrDefault(s => s.Name == n))))
            .ToList();
        foreach (var (text, _) in wanted.Where(w => w.Port is null))
        {
            problems.Add(new(BackendReasons.InvalidTargetReference, $"Service {ns}/{target.Name} has no port {text}"));
        }
        var keys = wanted.Count == 0
            ? [new TargetKey(TargetKey.Service, ns, target.Name, null)]
            : wanted.Where(w => w.Port is not null)
                .Select(w => new TargetKey(TargetKey.Service, ns, target.Name, w.Port!.Port.ToString()))
                .Distinct()
                .ToList();
        return (service, keys);
    }

    private static ServerValidation Validation(
        string label, AlbBackendTlsPolicyConfig config, V1Service service, IReadOnlyList<CertificateIr>? trusted)
    {
        var san = config.Verify?.SubjectAltName;
        var sanIsUri = san is not null && san.Contains("://", StringComparison.Ordinal);
        var (sni, sniSource) = !string.IsNullOrEmpty(config.Sni)
            ? (config.Sni, $"{label} spec.default.sni")
            : !string.IsNullOrEmpty(san) && !sanIsUri
                ? (san, $"{label} spec.default.verify.subjectAltName")
                : ($"{service.Metadata.Name}.{TranslationContext.Namespace(service.Metadata)}.svc", $"{label} (the Service's DNS name)");
        return new ServerValidation
        {
            Sni = sni,
            SniSource = sniSource,
            SubjectAltNames = string.IsNullOrEmpty(san)
                ? EquatableArray<SubjectAltNameIr>.Empty
                : new[] { new SubjectAltNameIr { Type = sanIsUri ? SubjectAltNameType.Uri : SubjectAltNameType.Hostname, Value = san } },
            TrustedCertificates = trusted?.ToList() ?? [],
            UseSystemTrust = trusted is null,
            Source = trusted is null ? $"{label} (system trust store)" : label,
        };
    }

    private static void AddReferenceProblem(List<Problem> problems, string field, ReferenceProblem? problem)
    {
        if (problem is null)
        {
            return;
        }
        var reason = problem.Kind switch
        {
            ReferenceProblemKind.UnsupportedKind => BackendReasons.InvalidKind,
            ReferenceProblemKind.NotPermitted => Reasons.RefNotPermitted,
            _ => Reasons.InvalidCertificateRef,
        };
        problems.Add(new(Reasons.Invalid, $"{field}: {problem.Message}", reason));
    }

    private static string Sentence(IEnumerable<Problem> problems) => Wording.Sentence(problems.Select(p => p.Message));
}
