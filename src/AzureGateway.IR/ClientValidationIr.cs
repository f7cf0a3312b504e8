namespace AzureGateway.IR;

/// <summary>What a listener does with a client that presents no certificate, or one that fails verification.</summary>
public enum ClientCertificateMode
{
    /// <summary>The handshake fails without a valid certificate (Gateway API <c>AllowValidOnly</c>).</summary>
    RequireValid,

    /// <summary>
    /// A client without a certificate is served; one that presents a certificate must present a valid one
    /// (Envoy Gateway <c>clientValidation.optional</c>).
    /// </summary>
    AllowMissing,

    /// <summary>Every client is served; the backend is told whether its certificate was valid (<c>AllowInsecureFallback</c>).</summary>
    AllowInsecureFallback,
}

/// <summary>
/// Frontend mTLS on a listener: the certificate a client presents must chain to one of <c>TrustedCertificates</c>,
/// be within its validity, and carry one of <c>SubjectAltNames</c> when any are given.
/// </summary>
public sealed record ClientValidationIr
{
    public required ClientCertificateMode Mode { get; init; }

    /// <summary>The only roots a client certificate may chain to.</summary>
    public EquatableArray<CertificateIr> TrustedCertificates { get; init; } = EquatableArray<CertificateIr>.Empty;

    /// <summary>Names (DNS, URI or email subject alternative names, compared exactly) of which the certificate must carry one; empty for any.</summary>
    public EquatableArray<string> SubjectAltNames { get; init; } = EquatableArray<string>.Empty;

    /// <summary>
    /// Set when the configured validation cannot be used (a CA reference that does not resolve, a setting the gateway
    /// cannot honour): every handshake on the listener is refused, whatever the mode, and this says why. Validation is
    /// never turned off by a configuration error.
    /// </summary>
    public string? RefuseAllBecause { get; init; }
}
