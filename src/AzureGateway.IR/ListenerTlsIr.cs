namespace AzureGateway.IR;

/// <summary>
/// How one HTTPS listener terminates TLS, chosen per handshake by the client's SNI matching <c>ServerName</c> (exact
/// or "*.suffix"; null matches any SNI, a listener without hostname): the certificate it presents, the cipher suites
/// it allows, whether and how it verifies client certificates, and what the backend is told of the client's.
/// </summary>
public sealed record ListenerTlsIr
{
    public string? ServerName { get; init; }
    public required CertificateIr Certificate { get; init; }

    /// <summary>
    /// The TLS 1.2 and 1.3 cipher suites allowed, by IANA name (e.g. <c>TLS_AES_256_GCM_SHA384</c>), in order of
    /// preference; empty for the gateway's default profile. Set by an AGC FrontendTLSPolicy <c>policyType</c>.
    /// </summary>
    public EquatableArray<string> CipherSuites { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Client certificate verification (frontend mTLS), or null when no client certificate is asked for.</summary>
    public ClientValidationIr? ClientValidation { get; init; }

    /// <summary>What becomes of the <c>X-Forwarded-Client-Cert</c> header on requests through this listener.</summary>
    public ForwardClientCertIr ForwardClientCert { get; init; } = ForwardClientCertIr.Sanitize;

    /// <summary>Which resource supplied each setting, e.g. <c>policyType: FrontendTLSPolicy test-infra/mtls-policy</c>.</summary>
    public EquatableArray<string> Provenance { get; init; } = EquatableArray<string>.Empty;
}
