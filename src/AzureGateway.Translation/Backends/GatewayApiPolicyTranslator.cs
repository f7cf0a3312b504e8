using System.Diagnostics;
using System.Net;
using AzureGateway.Certificates;
using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Backends;

/// <summary>
/// Judges a <c>gateway.networking.k8s.io/v1</c> BackendTLSPolicy by GEP-1897: the rules its CRD enforces at
/// admission (a folder has no admission), then its CA references. Accepted=False/NoValidCACertificate only
/// when every CA reference is invalid; when some are, the valid ones are used and ResolvedRefs names the rest.
/// </summary>
internal sealed class GatewayApiPolicyTranslator(TranslationContext context, CaCertificateResolver caCertificates)
{
    public TlsPolicy Translate(BackendTlsPolicy policy)
    {
        var ns = TranslationContext.Namespace(policy.Metadata);
        var generation = policy.Metadata.Generation ?? 1;
        var label = $"BackendTLSPolicy {ns}/{policy.Metadata.Name}";
        var validation = policy.Spec.Validation ?? new BackendTlsPolicyValidation();

        var invalid = SpecProblems(validation);
        var referrer = new Referrer(ResourceKinds.GatewayApiGroup, "BackendTLSPolicy", ns, policy.Metadata.Name);
        var resolved = (validation.CaCertificateRefs ?? [])
            .Select(r => caCertificates.Resolve(referrer, r.Group, r.Kind, r.Name, null))
            .ToList();
        var bad = resolved.Select(r => r.Problem).OfType<ReferenceProblem>().ToList();
        var noValidCa = resolved.Count > 0 && bad.Count == resolved.Count;

        var accepted = invalid.Count > 0
            ? context.Conditions.False(ConditionTypes.Accepted, Reasons.Invalid, Wording.Sentence(invalid), generation)
            : noValidCa
                ? context.Conditions.False(ConditionTypes.Accepted, BackendReasons.NoValidCACertificate,
                    $"No valid CA certificate: {Wording.Sentence(bad.Select(b => b.Message))}", generation)
                : context.Conditions.True(ConditionTypes.Accepted, Reasons.Accepted, BackendReasons.PolicyAcceptedMessage, generation);
        var resolvedRefs = bad.Count == 0
            ? context.Conditions.True(ConditionTypes.ResolvedRefs, Reasons.ResolvedRefs, BackendReasons.ResolvedRefsMessage, generation)
            : context.Conditions.False(ConditionTypes.ResolvedRefs,
                bad.All(b => b.Kind == ReferenceProblemKind.UnsupportedKind) ? BackendReasons.InvalidKind : BackendReasons.InvalidCACertificateRef,
                Wording.Sentence(bad.Select(b => b.Message)), generation);

        return new TlsPolicy
        {
            Api = PolicyApi.GatewayApi,
            Namespace = ns,
            Name = policy.Metadata.Name,
            Generation = generation,
            CreationTimestamp = policy.Metadata.CreationTimestamp,
            Label = label,
            Targets = Targets(policy, ns),
            Validation = accepted.Status == "True"
                ? Result<ServerValidation>.Ok(Validation(label, validation, resolved))
                : Result<ServerValidation>.Fail($"{label} cannot be used: {accepted.Message}"),
            Accepted = accepted,
            ResolvedRefs = resolvedRefs,
        };
    }

    private static ServerValidation Validation(
        string label, BackendTlsPolicyValidation validation, List<Resolution<IReadOnlyList<CertificateIr>>> resolved) => new()
    {
        Sni = validation.Hostname,
        SniSource = $"{label} spec.validation.hostname",
        SubjectAltNames = (validation.SubjectAltNames ?? [])
            .Select(san => san.Type == "URI"
                ? new SubjectAltNameIr { Type = SubjectAltNameType.Uri, Value = san.Uri! }
                : new SubjectAltNameIr { Type = SubjectAltNameType.Hostname, Value = san.Hostname! })
            .ToList(),
        TrustedCertificates = resolved.Where(r => r.Problem is null).SelectMany(r => r.Value!).ToList(),
        UseSystemTrust = validation.WellKnownCACertificates == "System",
        Source = label,
    };

    /// <summary>
    /// A Service target's section is a port name, keyed by the port's number; a Backend's is the port number.
    /// Targets of other kinds are nothing the gateway routes to, so they claim nothing.
    /// </summary>
    private List<TargetKey> Targets(BackendTlsPolicy policy, string ns) =>
        policy.Spec.TargetRefs
            .Select(t => (t.Group, t.Kind) switch
            {
                ("", "Service") => new TargetKey(TargetKey.Service, ns, t.Name, t.SectionName is null ? null : ServicePortNumber(ns, t.Name, t.SectionName)),
                (ResourceKinds.EnvoyGatewayGroup, "Backend") => new TargetKey(TargetKey.Backend, ns, t.Name, t.SectionName),
                _ => null,
            })
            .OfType<TargetKey>()
            .Distinct()
            .ToList();

    private string ServicePortNumber(string ns, string service, string portName) =>
        context.Service(ns, service)?.Spec?.Ports?.FirstOrDefault(p => p.Name == portName)?.Port.ToString() ?? portName;

    /// <summary>
    /// The CRD's CEL rules, with the CRD's own messages (its patterns and enums were checked when the policy was read).
    /// </summary>
    private static List<string> SpecProblems(BackendTlsPolicyValidation validation)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(validation.Hostname))
        {
            problems.Add("spec.validation.hostname is required");
        }
        else if (IPAddress.TryParse(validation.Hostname, out _))
        {
            // The CRD's pattern (checked when the policy was read) lets an IPv4 address through; the spec does not.
            problems.Add($"spec.validation.hostname \"{validation.Hostname}\" must be a DNS name, not an IP address");
        }
        var hasRefs = validation.CaCertificateRefs is { Count: > 0 };
        var wellKnown = validation.WellKnownCACertificates;
        if (hasRefs && !string.IsNullOrEmpty(wellKnown))
        {
            problems.Add("must not contain both CACertificateRefs and WellKnownCACertificates");
        }
        else if (!hasRefs && string.IsNullOrEmpty(wellKnown))
        {
            problems.Add("must specify either CACertificateRefs or WellKnownCACertificates");
        }
        else if (!string.IsNullOrEmpty(wellKnown) && wellKnown != "System")
        {
            problems.Add($"wellKnownCACertificates \"{wellKnown}\" is not supported; only System is");
        }
        var subjectAltNames = validation.SubjectAltNames ?? [];
        for (var i = 0; i < subjectAltNames.Count; i++)
        {
            problems.AddRange(SubjectAltNameProblems(subjectAltNames[i]).Select(p => $"spec.validation.subjectAltNames[{i}]: {p}"));
        }
        return problems;
    }

    private static IEnumerable<string> SubjectAltNameProblems(SubjectAltName san)
    {
        switch (san.Type)
        {
            case "Hostname":
                if (string.IsNullOrEmpty(san.Hostname)) yield return "SubjectAltName element must contain Hostname, if Type is set to Hostname";
                if (!string.IsNullOrEmpty(san.Uri)) yield return "SubjectAltName element must not contain URI, if Type is not set to URI";
                break;
            case "URI":
                if (string.IsNullOrEmpty(san.Uri)) yield return "SubjectAltName element must contain URI, if Type is set to URI";
                if (!string.IsNullOrEmpty(san.Hostname)) yield return "SubjectAltName element must not contain Hostname, if Type is not set to Hostname";
                break;
            default:
                throw new UnreachableException($"SubjectAltName type \"{san.Type}\" passed the CRD's enum check");
        }
    }
}
