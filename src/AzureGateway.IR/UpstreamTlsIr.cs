namespace AzureGateway.IR;

public enum SubjectAltNameType
{
    Hostname,
    Uri,
}

public sealed record SubjectAltNameIr
{
    public required SubjectAltNameType Type { get; init; }
    public required string Value { get; init; }
}

public enum TlsVersion
{
    Tls12,
    Tls13,
}

/// <summary>
/// How the gateway opens TLS to a cluster's endpoints: the SNI it sends, how it verifies the server and the
/// client certificate it presents. Each setting names the resource that supplied it.
/// </summary>
public sealed record UpstreamTlsIr
{
    /// <summary>Sent as SNI. Also the name verified when <c>SubjectAltNames</c> is empty.</summary>
    public required string Sni { get; init; }

    /// <summary>
    /// Names the server certificate must carry (any one). When empty, the SNI is the name verified.
    /// </summary>
    public EquatableArray<SubjectAltNameIr> SubjectAltNames { get; init; } = EquatableArray<SubjectAltNameIr>.Empty;

    /// <summary>The only roots trusted for the server certificate (unless <c>UseSystemTrust</c>).</summary>
    public EquatableArray<CertificateIr> TrustedCertificates { get; init; } = EquatableArray<CertificateIr>.Empty;

    /// <summary>Trust the platform's root store instead of <c>TrustedCertificates</c>.</summary>
    public bool UseSystemTrust { get; init; }

    /// <summary>
    /// Do not verify the server certificate at all (neither chain nor name). Set only when a resource opts out
    /// explicitly (Envoy Gateway <c>Backend.spec.tls.insecureSkipVerify</c>); <c>Provenance</c> names it.
    /// </summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary>The certificate (with its chain and key) presented to the backend, or null for none.</summary>
    public CertificateIr? ClientCertificate { get; init; }

    public TlsVersion MinVersion { get; init; } = TlsVersion.Tls12;
    public TlsVersion MaxVersion { get; init; } = TlsVersion.Tls13;

    /// <summary>Which resource supplied each setting, e.g. <c>validation: BackendTLSPolicy default/x</c>.</summary>
    public EquatableArray<string> Provenance { get; init; } = EquatableArray<string>.Empty;
}
