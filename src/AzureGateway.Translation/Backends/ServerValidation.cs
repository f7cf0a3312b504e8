using AzureGateway.IR;

namespace AzureGateway.Translation.Backends;

/// <summary>
/// What one TLS source (a policy or a Backend's <c>spec.tls</c>) says about the server side of the connection:
/// the SNI, how the certificate is verified, and the words that say where each came from.
/// </summary>
internal sealed record ServerValidation
{
    public required string Sni { get; init; }

    /// <summary>Who supplied the SNI, e.g. <c>BackendTLSPolicy default/x spec.validation.hostname</c>.</summary>
    public required string SniSource { get; init; }

    public EquatableArray<SubjectAltNameIr> SubjectAltNames { get; init; } = EquatableArray<SubjectAltNameIr>.Empty;
    public EquatableArray<CertificateIr> TrustedCertificates { get; init; } = EquatableArray<CertificateIr>.Empty;
    public bool UseSystemTrust { get; init; }
    public bool InsecureSkipVerify { get; init; }

    /// <summary>Who supplied the verification settings, e.g. <c>BackendTLSPolicy default/x</c>.</summary>
    public required string Source { get; init; }
}

/// <summary>
/// The client certificate for a backend, or none, with who decided it. A <c>Failure</c> means the source
/// asked for a certificate that cannot be used: the cluster answers 500 rather than connect without it.
/// </summary>
internal sealed record ClientCertificateChoice(CertificateIr? Certificate, string Source, string? Failure)
{
    public static readonly ClientCertificateChoice None = new(null, "none", null);
}
