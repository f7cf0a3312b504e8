namespace AzureGateway.KeyVault.Reading;

/// <summary>A certificate and its private key as PEM, as a <c>kubernetes.io/tls</c> Secret holds them.</summary>
public sealed record KeyPairPem(string CertificatePem, string PrivateKeyPem)
{
    // Key material must never reach a log through a record's generated ToString.
    public override string ToString() => nameof(KeyPairPem);
}
