using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Model.EnvoyGateway;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Backends;
using AzureGateway.Translation.Gateways;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Frontend;

/// <summary>
/// Envoy Gateway's ClientTrafficPolicy, for what concerns frontend TLS: <c>tls.clientValidation</c> (CA references,
/// <c>optional</c>) and <c>headers.xForwardedClientCert</c>, on Gateways of its namespace or one listener each
/// (<c>sectionName</c>). A setting that would restrict clients further and that this gateway cannot honour (cipher
/// lists, curves, CRLs, certificate pins, ...) makes the policy not accepted, and if it validates clients its
/// listeners refuse every client: a restriction is never silently dropped. Other settings this gateway does not
/// implement (keepalive, timeouts, HTTP/2 tuning, ...) are named in the Accepted message as having no effect.
/// </summary>
internal sealed class ClientTrafficPolicyTranslator(TranslationContext context, ServedGateways gateways)
{
    private static readonly string[] Details = ["Subject", "URI", "DNS", "Cert", "Chain"];

    private readonly ClientCaBundle _bundle = new(context);

    public IReadOnlyList<JudgedClientTrafficPolicy> Judge() => context.Snapshot.ClientTrafficPolicies.Select(JudgeOne).ToList();

    private JudgedClientTrafficPolicy JudgeOne(ClientTrafficPolicy policy)
    {
        var ns = TranslationContext.Namespace(policy.Metadata);
        var name = policy.Metadata.Name;
        var spec = policy.Spec;
        var targets = (spec.TargetRef is { } one ? [one] : spec.TargetRefs ?? []).Select(t => Target(t, ns)).ToList();
        var listeners = targets.SelectMany(t => t.Listeners).Distinct().ToList();
        var scope = targets.Any(t => t.Reference.SectionName is { Length: > 0 }) ? FrontendScope.Listener : FrontendScope.Gateway;
        var label = $"ClientTrafficPolicy {ns}/{name}";

        var refusals = new List<string>();
        if (spec.TargetSelectors is not null)
        {
            refusals.Add("spec.targetSelectors is not supported: name the Gateway in targetRef or targetRefs");
        }
        refusals.AddRange(UnhonouredRestrictions(spec.Tls));
        var forward = ForwardClientCert(spec.Headers?.XForwardedClientCert, refusals);
        var validation = spec.Tls?.ClientValidation is { } clientValidation ? Validation(clientValidation, ns, name, refusals) : null;

        if (refusals.Count > 0)
        {
            var because = Wording.Sentence(refusals);
            // Fail closed: the listeners of a policy that asks for client validation never serve without it.
            var source = validation is null ? null : new FrontendSource(label, scope, policy.Metadata.CreationTimestamp, listeners)
            {
                ClientValidation = new ClientValidationIr { Mode = ClientCertificateMode.RequireValid, RefuseAllBecause = $"{label} is not accepted: {because}" },
            };
            var consequence = validation is null ? "" : " Its listeners refuse every client until it is fixed.";
            return new JudgedClientTrafficPolicy(policy, ns, targets, source, because + consequence, []);
        }
        var settings = new FrontendSource(label, scope, policy.Metadata.CreationTimestamp, listeners)
        {
            ClientValidation = validation,
            ForwardClientCert = forward,
        };
        return new JudgedClientTrafficPolicy(policy, ns, targets, settings.ClientValidation is null && settings.ForwardClientCert is null ? null : settings,
            null, NoEffect(spec));
    }

    /// <summary>TLS settings that narrow what clients may do, which this gateway does not implement.</summary>
    private static IEnumerable<string> UnhonouredRestrictions(ClientTlsSettings? tls)
    {
        if (tls is null)
        {
            yield break;
        }
        if (tls.MinVersion is { } min && min is not ("Auto" or "1.0" or "1.1" or "1.2"))
        {
            yield return $"spec.tls.minVersion {min} is not supported (this gateway accepts TLS 1.2 and 1.3)";
        }
        foreach (var (field, set) in new (string, bool)[]
        {
            ("spec.tls.ciphers", tls.Ciphers is { Count: > 0 }),
            ("spec.tls.ecdhCurves", tls.EcdhCurves is { Count: > 0 }),
            ("spec.tls.signatureAlgorithms", tls.SignatureAlgorithms is { Count: > 0 }),
            ("spec.tls.alpnProtocols", tls.AlpnProtocols is not null),
            ("spec.tls.session", tls.Session is not null),
            ("spec.tls.clientValidation.mode (use optional)", tls.ClientValidation?.Mode is { Length: > 0 }),
            ("spec.tls.clientValidation.spkiHashes", tls.ClientValidation?.SpkiHashes is { Count: > 0 }),
            ("spec.tls.clientValidation.certificateHashes", tls.ClientValidation?.CertificateHashes is { Count: > 0 }),
            ("spec.tls.clientValidation.subjectAltNames", tls.ClientValidation?.SubjectAltNames is not null),
            ("spec.tls.clientValidation.crl", tls.ClientValidation?.Crl is not null),
        })
        {
            if (set)
            {
                yield return $"{field} is not supported by this gateway";
            }
        }
    }

    private ClientValidationIr? Validation(ClientValidationContext validation, string ns, string name, List<string> refusals)
    {
        var references = validation.CaCertificateRefs ?? [];
        if (references.Count == 0)
        {
            refusals.Add("spec.tls.clientValidation.caCertificateRefs is empty; it needs the CA certificates client certificates must chain to");
            return null;
        }
        var referrer = new Referrer(ResourceKinds.EnvoyGatewayGroup, "ClientTrafficPolicy", ns, name);
        var (anchors, problems) = _bundle.Resolve(referrer, references.Select(r => (r.Group, (string?)(r.Kind ?? "Secret"), r.Name, r.Namespace)));
        refusals.AddRange(problems.Select(p => $"spec.tls.clientValidation.caCertificateRefs: {p.Message}"));
        return new ClientValidationIr
        {
            Mode = validation.Optional == true ? ClientCertificateMode.AllowMissing : ClientCertificateMode.RequireValid,
            TrustedCertificates = anchors.ToList(),
        };
    }

    private static ForwardClientCertIr? ForwardClientCert(XForwardedClientCert? xfcc, List<string> refusals)
    {
        if (xfcc is null)
        {
            return null;
        }
        var mode = xfcc.Mode ?? "Sanitize";
        var details = xfcc.CertDetailsToAdd ?? [];
        if (details.Count > 0 && mode is not ("AppendForward" or "SanitizeSet"))
        {
            refusals.Add("spec.headers.xForwardedClientCert.certDetailsToAdd can only be set when mode is AppendForward or SanitizeSet");
            return null;
        }
        return new ForwardClientCertIr
        {
            Mode = Enum.Parse<ForwardClientCertMode>(mode),
            Details = Details.Where(details.Contains).ToArray(),
        };
    }

    /// <summary>Fields set that this gateway does not implement and that restrict nothing: said, not refused.</summary>
    private static IReadOnlyList<string> NoEffect(ClientTrafficPolicySpec spec) => new (string Field, object? Value)[]
    {
        ("tcpKeepalive", spec.TcpKeepalive), ("enableProxyProtocol", spec.EnableProxyProtocol), ("proxyProtocol", spec.ProxyProtocol),
        ("clientIPDetection", spec.ClientIPDetection), ("path", spec.Path), ("timeout", spec.Timeout), ("connection", spec.Connection),
        ("http1", spec.Http1), ("http2", spec.Http2), ("http3", spec.Http3), ("healthCheck", spec.HealthCheck),
        ("tls.clientValidation.allowExpiredCertificate (expired client certificates are always refused)",
            spec.Tls?.ClientValidation?.AllowExpiredCertificate == true ? true : null),
        ("tls.maxVersion", spec.Tls?.MaxVersion is { } max && max is not ("Auto" or "1.3") ? max : null),
        ("headers.enableEnvoyHeaders", spec.Headers?.EnableEnvoyHeaders), ("headers.disableRateLimitHeaders", spec.Headers?.DisableRateLimitHeaders),
        ("headers.withUnderscoresAction", spec.Headers?.WithUnderscoresAction), ("headers.preserveXRequestID", spec.Headers?.PreserveXRequestID),
        ("headers.requestID", spec.Headers?.RequestID), ("headers.earlyRequestHeaders", spec.Headers?.EarlyRequestHeaders),
    }.Where(f => f.Value is not null).Select(f => $"spec.{f.Field}").ToList();

    private PolicyTarget Target(PolicyTargetReference reference, string ns)
    {
        if (reference.Group != ResourceKinds.GatewayApiGroup || reference.Kind != "Gateway")
        {
            return new PolicyTarget(reference, null, [], $"targets {reference.Kind} {reference.Name} (group {reference.Group}); a ClientTrafficPolicy targets a Gateway");
        }
        if (gateways.Find(ns, reference.Name) is not { } gateway)
        {
            return new PolicyTarget(reference, null, [], gateways.Exists(ns, reference.Name)
                ? $"Gateway {ns}/{reference.Name} is not served by this gateway"
                : $"Gateway {ns}/{reference.Name} not found");
        }
        if (reference.SectionName is not { Length: > 0 } section)
        {
            return new PolicyTarget(reference, gateway, gateway.Listeners.Where(l => l.Protocol == PortProtocol.Https).ToList(), null);
        }
        return gateway.Listeners.FirstOrDefault(l => l.Name == section) switch
        {
            null => new PolicyTarget(reference, gateway, [], $"Gateway {ns}/{reference.Name} has no listener named \"{section}\""),
            { Protocol: not PortProtocol.Https } plain => new PolicyTarget(reference, gateway, [],
                $"listener {plain.Name} of Gateway {ns}/{reference.Name} is not an HTTPS listener; client TLS settings apply to HTTPS listeners"),
            var listener => new PolicyTarget(reference, gateway, [listener], null),
        };
    }

    /// <summary>
    /// The status: one ancestor per target Gateway (with its sectionName), as Envoy Gateway writes it. In a cluster only
    /// the ancestors that are Gateways of ours are written; the others belong to Envoy Gateway.
    /// </summary>
    public ResourceStatus? Status(JudgedClientTrafficPolicy judged, FrontendOutcome? outcome)
    {
        var generation = ResourceRefs.Generation(judged.Policy.Metadata);
        var ancestors = judged.Targets
            .Where(t => context.Options.ControllerNames is null || t.Gateway is not null)
            .Select(t => new PolicyAncestorStatus
            {
                AncestorRef = new ParentReference
                {
                    Group = ResourceKinds.GatewayApiGroup,
                    Kind = "Gateway",
                    Namespace = judged.Namespace,
                    Name = t.Reference.Name,
                    SectionName = t.Reference.SectionName is { Length: > 0 } s ? s : null,
                },
                ControllerName = ResourceKinds.ControllerName,
                Conditions = [Accepted(judged, t, outcome, generation)],
            })
            .ToList();
        return ancestors.Count == 0 ? null : new ResourceStatus(
            new ResourceRef(ResourceKinds.EnvoyGatewayVersion, "ClientTrafficPolicy", judged.Namespace, judged.Policy.Metadata.Name, generation),
            new PolicyStatus { Ancestors = ancestors });
    }

    private Condition Accepted(JudgedClientTrafficPolicy judged, PolicyTarget target, FrontendOutcome? outcome, long generation)
    {
        if (target.Problem is { } targetProblem)
        {
            return context.Conditions.False(ConditionTypes.Accepted, "TargetNotFound", Wording.Sentence([targetProblem]), generation);
        }
        if (judged.Problem is { } problem)
        {
            return context.Conditions.False(ConditionTypes.Accepted, Reasons.Invalid, problem, generation);
        }
        if (outcome is { IsConflicted: true })
        {
            return context.Conditions.False(ConditionTypes.Accepted, Reasons.Conflicted, Wording.Sentence(outcome.Notes()), generation);
        }
        var notes = (outcome?.Notes() ?? []).ToList();
        if (judged.NoEffect.Count > 0)
        {
            notes.Add($"{string.Join(", ", judged.NoEffect)} {(judged.NoEffect.Count == 1 ? "is" : "are")} not supported by this gateway and {(judged.NoEffect.Count == 1 ? "has" : "have")} no effect");
        }
        return context.Conditions.True(ConditionTypes.Accepted, Reasons.Accepted,
            notes.Count == 0 ? "Policy has been accepted." : Wording.Sentence(["Policy has been accepted", .. notes]), generation);
    }
}

/// <summary>One target of a ClientTrafficPolicy: the Gateway of ours it names and the HTTPS listeners it covers, or why none.</summary>
internal sealed record PolicyTarget(PolicyTargetReference Reference, ServedGateway? Gateway, IReadOnlyList<ListenerState> Listeners, string? Problem);

/// <summary>A ClientTrafficPolicy judged on its own.</summary>
internal sealed record JudgedClientTrafficPolicy(
    ClientTrafficPolicy Policy, string Namespace, IReadOnlyList<PolicyTarget> Targets, FrontendSource? Source,
    string? Problem, IReadOnlyList<string> NoEffect);
