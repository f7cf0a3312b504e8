using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Model.EnvoyGateway;

/// <summary>
/// Envoy Gateway's <c>ClientTrafficPolicy</c>: how a Gateway (or one listener, by <c>sectionName</c>) treats its clients.
/// The gateway honours <c>tls.clientValidation</c> and <c>headers.xForwardedClientCert</c>; every other field is read
/// only so that the policy's status can say it has no effect (typed <c>object</c>: its content is not looked at).
/// </summary>
public sealed class ClientTrafficPolicy : KubernetesResource<ClientTrafficPolicySpec>
{
    public PolicyStatus? Status { get; set; }
}

public sealed class ClientTrafficPolicySpec
{
    public PolicyTargetReference? TargetRef { get; set; }
    public List<PolicyTargetReference>? TargetRefs { get; set; }
    public object? TargetSelectors { get; set; }

    public ClientTlsSettings? Tls { get; set; }
    public ClientHeaderSettings? Headers { get; set; }

    public object? TcpKeepalive { get; set; }
    public object? EnableProxyProtocol { get; set; }
    public object? ProxyProtocol { get; set; }
    public object? ClientIPDetection { get; set; }
    public object? Path { get; set; }
    public object? Timeout { get; set; }
    public object? Connection { get; set; }
    public object? Http1 { get; set; }
    public object? Http2 { get; set; }
    public object? Http3 { get; set; }
    public object? HealthCheck { get; set; }
}

/// <summary>A Gateway in the policy's namespace, optionally one of its listeners.</summary>
public sealed class PolicyTargetReference
{
    public string Group { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string? SectionName { get; set; }
}

public sealed class ClientTlsSettings
{
    public ClientValidationContext? ClientValidation { get; set; }

    public string? MinVersion { get; set; }
    public string? MaxVersion { get; set; }
    public List<string>? Ciphers { get; set; }
    public List<string>? EcdhCurves { get; set; }
    public List<string>? SignatureAlgorithms { get; set; }
    public List<string>? AlpnProtocols { get; set; }
    public object? Session { get; set; }
}

public sealed class ClientValidationContext
{
    /// <summary>Serve clients that present no certificate (one that presents a certificate must present a valid one).</summary>
    public bool? Optional { get; set; }
    public List<SecretObjectReference>? CaCertificateRefs { get; set; }

    /// <summary>Envoy Gateway's newer way to say how strict validation is; read to refuse it, as its meaning is not implemented.</summary>
    public string? Mode { get; set; }
    public bool? AllowExpiredCertificate { get; set; }

    public List<string>? SpkiHashes { get; set; }
    public List<string>? CertificateHashes { get; set; }
    public object? SubjectAltNames { get; set; }
    public object? Crl { get; set; }
}

public sealed class ClientHeaderSettings
{
    public XForwardedClientCert? XForwardedClientCert { get; set; }

    public object? EnableEnvoyHeaders { get; set; }
    public object? DisableRateLimitHeaders { get; set; }
    public object? WithUnderscoresAction { get; set; }
    public object? PreserveXRequestID { get; set; }
    public object? RequestID { get; set; }
    public object? EarlyRequestHeaders { get; set; }
}

public sealed class XForwardedClientCert
{
    /// <summary>Sanitize (the default), ForwardOnly, AppendForward, SanitizeSet or AlwaysForwardOnly.</summary>
    public string? Mode { get; set; }

    /// <summary>Subject, Cert, Chain, DNS, URI.</summary>
    public List<string>? CertDetailsToAdd { get; set; }
}
