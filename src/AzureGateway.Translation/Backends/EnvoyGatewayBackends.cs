using AzureGateway.Certificates;
using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Model.EnvoyGateway;

namespace AzureGateway.Translation.Backends;

/// <summary>An Envoy Gateway Backend judged once per snapshot: its endpoints, TLS settings and acceptance.</summary>
internal sealed record JudgedBackend
{
    public required Backend Resource { get; init; }
    public required string Namespace { get; init; }
    public required string Name { get; init; }

    /// <summary><c>Backend ns/name</c>, as messages and provenance name it.</summary>
    public required string Label { get; init; }
    public required EquatableArray<EndpointIr> Endpoints { get; init; }

    /// <summary>Why the Backend is not accepted; null when it is. A Backend not accepted is never contacted.</summary>
    public string? Problem { get; init; }

    /// <summary>Server validation from <c>spec.tls</c>; null when there is no <c>spec.tls</c> (plain unless a policy says otherwise).</summary>
    public Result<ServerValidation>? Validation { get; init; }
    public ClientCertificateChoice? ClientCertificate { get; init; }
    public VersionSetting? MinVersion { get; init; }
    public VersionSetting? MaxVersion { get; init; }
    public bool InsecureSkipVerify { get; init; }

    /// <summary>The HTTP version spoken to the endpoints, from <c>spec.tls.alpnProtocols</c>.</summary>
    public BackendProtocolIr Protocol { get; init; } = BackendProtocolIr.Http11;

    /// <summary>What the Backend asks for that is not honoured (it is still accepted and served); null when nothing.</summary>
    public string? NotHonoured { get; init; }
}

/// <summary>
/// Judges every <c>gateway.envoyproxy.io</c> Backend: fqdn/ip endpoints and <c>spec.tls</c> (CA references or
/// System trust, or the explicit <c>insecureSkipVerify</c> opt-out, SNI, client certificate, versions, ALPN). Unlike a
/// Gateway API policy, one bad CA reference makes the Backend not accepted, as in Envoy Gateway: it has only
/// an Accepted condition, with nowhere to report a reference that was skipped.
/// </summary>
internal sealed class EnvoyGatewayBackends
{
    private readonly Dictionary<(string, string), JudgedBackend> _backends = [];

    public EnvoyGatewayBackends(TranslationContext context, CaCertificateResolver caCertificates, ClientCertificateResolver clientCertificates)
    {
        foreach (var backend in context.Snapshot.Backends)
        {
            var judged = Judge(backend, caCertificates, clientCertificates);
            _backends.TryAdd((judged.Namespace, judged.Name), judged);
        }
    }

    public JudgedBackend? Find(string ns, string name) => _backends.GetValueOrDefault((ns, name));

    public IEnumerable<JudgedBackend> All =>
        _backends.Values.OrderBy(b => b.Namespace, StringComparer.Ordinal).ThenBy(b => b.Name, StringComparer.Ordinal);

    private static JudgedBackend Judge(Backend backend, CaCertificateResolver caCertificates, ClientCertificateResolver clientCertificates)
    {
        var ns = TranslationContext.Namespace(backend.Metadata);
        var label = $"Backend {ns}/{backend.Metadata.Name}";
        var problems = new List<string>();
        var endpoints = new List<EndpointIr>();
        for (var i = 0; i < backend.Spec.Endpoints.Count; i++)
        {
            var endpoint = backend.Spec.Endpoints[i];
            if ((endpoint.Fqdn is null) == (endpoint.Ip is null))
            {
                problems.Add($"spec.endpoints[{i}] must set exactly one of fqdn and ip (unix sockets are not supported)");
                continue;
            }
            endpoints.Add(endpoint.Fqdn is { } fqdn
                ? new EndpointIr { Host = fqdn.Hostname, Port = fqdn.Port }
                : new EndpointIr { Host = endpoint.Ip!.Address, Port = endpoint.Ip.Port });
        }
        var judged = new JudgedBackend
        {
            Resource = backend,
            Namespace = ns,
            Name = backend.Metadata.Name,
            Label = label,
            Endpoints = endpoints.Distinct().OrderBy(e => e.Host, StringComparer.Ordinal).ThenBy(e => e.Port).ToList(),
        };
        if (backend.Spec.Tls is { } tls)
        {
            judged = WithTls(judged, tls, problems, caCertificates, clientCertificates);
        }
        return judged with { Problem = problems.Count == 0 ? null : string.Join("; ", problems) };
    }

    private static JudgedBackend WithTls(
        JudgedBackend judged, BackendTlsSettings tls, List<string> problems,
        CaCertificateResolver caCertificates, ClientCertificateResolver clientCertificates)
    {
        var referrer = new Referrer(ResourceKinds.EnvoyGatewayGroup, "Backend", judged.Namespace, judged.Resource.Metadata.Name);
        var hasRefs = tls.CaCertificateRefs is { Count: > 0 };
        var wellKnown = tls.WellKnownCACertificates;
        var skip = tls.InsecureSkipVerify == true;
        if (hasRefs && !string.IsNullOrEmpty(wellKnown))
        {
            problems.Add("spec.tls must not contain both caCertificateRefs and wellKnownCACertificates");
        }
        if (skip && (hasRefs || !string.IsNullOrEmpty(wellKnown)))
        {
            problems.Add("spec.tls.insecureSkipVerify cannot be combined with caCertificateRefs or wellKnownCACertificates");
        }
        if (!skip && !hasRefs && string.IsNullOrEmpty(wellKnown))
        {
            problems.Add("must specify either CACertificateRefs or WellKnownCACertificates when InsecureSkipVerify is unset or false");
        }
        var trusted = new List<CertificateIr>();
        foreach (var reference in tls.CaCertificateRefs ?? [])
        {
            var resolved = caCertificates.Resolve(referrer, reference.Group, reference.Kind, reference.Name, null);
            if (resolved.Problem is { } problem)
            {
                problems.Add($"spec.tls.caCertificateRefs: {problem.Message}");
            }
            else
            {
                trusted.AddRange(resolved.Value!);
            }
        }
        ClientCertificateChoice? client = null;
        if (tls.ClientCertificateRef is { } clientRef)
        {
            var resolved = clientCertificates.Resolve(referrer, clientRef);
            if (resolved.Problem is { } problem)
            {
                problems.Add($"spec.tls.clientCertificateRef: {problem.Message}");
            }
            else
            {
                client = new ClientCertificateChoice(resolved.Value, $"{judged.Label} spec.tls.clientCertificateRef", null);
            }
        }
        var source = $"{judged.Label} spec.tls";
        var min = tls.MinVersion is null ? null : new VersionSetting(tls.MinVersion, source);
        var max = tls.MaxVersion is null ? null : new VersionSetting(tls.MaxVersion, source);
        // Judged with the field's own name: the status message already names the Backend.
        if (TlsVersions.Decide(min is null ? null : min with { Source = "spec.tls" }, max is null ? null : max with { Source = "spec.tls" })
            .Error is { } versionProblem)
        {
            problems.Add(versionProblem);
        }
        var (protocol, notHonoured) = Protocol(tls.AlpnProtocols);
        return judged with
        {
            Protocol = protocol,
            NotHonoured = notHonoured,
            Validation = Validation(judged, tls, trusted, skip),
            ClientCertificate = client,
            MinVersion = min,
            MaxVersion = max,
            InsecureSkipVerify = skip,
        };
    }

    /// <summary>
    /// The HTTP version <c>spec.tls.alpnProtocols</c> asks for, in the ALPN offers the connector can make. Another list
    /// (http/1.0, an unknown protocol, http/1.1 preferred to h2, an empty list that would turn ALPN off) does not make the
    /// Backend unusable: it is spoken to in HTTP/1.1, which every HTTP backend speaks, and the list is reported.
    /// </summary>
    private static (BackendProtocolIr Protocol, string? NotHonoured) Protocol(List<string>? alpn) => alpn switch
    {
        null or ["http/1.1"] => (BackendProtocolIr.Http11, null),
        ["h2"] => (BackendProtocolIr.Http2, null),
        ["h2", "http/1.1"] => (BackendProtocolIr.Negotiated, null),
        _ => (BackendProtocolIr.Http11,
            $"spec.tls.alpnProtocols [{string.Join(", ", alpn)}] is not honoured (this gateway offers [h2], [h2, http/1.1] or [http/1.1]); "
            + "the endpoints are spoken to in HTTP/1.1"),
    };

    /// <summary>
    /// Without <c>sni</c>, the SNI is the endpoints' one DNS name; endpoints that are IP addresses or several
    /// names leave no name to send or verify, so such a Backend must say <c>sni</c> (unless a policy does).
    /// </summary>
    private static Result<ServerValidation> Validation(JudgedBackend judged, BackendTlsSettings tls, List<CertificateIr> trusted, bool skip)
    {
        var fqdns = judged.Resource.Spec.Endpoints.Select(e => e.Fqdn?.Hostname).Distinct().ToList();
        var (sni, sniSource) = !string.IsNullOrEmpty(tls.Sni)
            ? (tls.Sni, $"{judged.Label} spec.tls.sni")
            : fqdns is [{ } hostname]
                ? (hostname, $"{judged.Label} endpoint hostname")
                : (null, null);
        if (sni is null)
        {
            return Result<ServerValidation>.Fail(
                $"{judged.Label} spec.tls.sni is required: its endpoints do not share one DNS name to send and verify");
        }
        return Result<ServerValidation>.Ok(new ServerValidation
        {
            Sni = sni,
            SniSource = sniSource!,
            TrustedCertificates = trusted,
            UseSystemTrust = tls.WellKnownCACertificates == "System",
            InsecureSkipVerify = skip,
            Source = skip ? $"skipped ({judged.Label} spec.tls.insecureSkipVerify)" : $"{judged.Label} spec.tls",
        });
    }
}
