namespace AzureGateway.KeyVault.Reading;

/// <summary>
/// One version of a Key Vault certificate: its versioned id, whether it is enabled, and when it becomes valid
/// (its not-before, or its creation time when it has none), which orders versions newest to oldest.
/// </summary>
public sealed record CertificateVersion(KeyVaultCertificateId Id, bool Enabled, DateTimeOffset NotBefore)
{
    public string Version => Id.Version!;
}
