namespace AzureGateway.IR;

/// <summary>
/// Certificate material in PEM, with a summary a person (and a golden file) can read. The PEM text is left
/// out of every rendering so that keys never reach a log or a printed config.
/// </summary>
public sealed record CertificateIr
{
    /// <summary>Where it came from, e.g. <c>Secret test-infra/gateway-client-cert</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Subject of the first certificate in the PEM.</summary>
    public required string Subject { get; init; }

    /// <summary>SHA-256 of the first certificate, upper-case hex.</summary>
    public required string Thumbprint { get; init; }

    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>The certificate and any chain that follows it, PEM.</summary>
    public required string CertificatePem { get; init; }

    /// <summary>The private key, PEM; null for trust anchors.</summary>
    public string? PrivateKeyPem { get; init; }

    public override string ToString() => $"{Source} ({Subject}, {Thumbprint})";
}
