namespace AzureGateway.KeyVault.Sync;

/// <summary>How hard a sync tries before it leaves an object as it is and reports the failure, and which vaults it reads.</summary>
public sealed record CertificateSyncOptions
{
    /// <summary>
    /// Attempts per object (and for the list of objects) against the API server, and per request in Key Vault's and
    /// Azure Resource Manager's clients, the first included.
    /// </summary>
    public int Attempts { get; init; } = 5;

    /// <summary>The wait before the second attempt; each later wait doubles, with jitter.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The vaults certificates may be synced from; empty for any vault the identity can read. Whoever may annotate
    /// a Secret must not be able to copy, with the app's identity, a key from a vault the deployment did not name.
    /// </summary>
    public IReadOnlyList<Uri> Vaults { get; init; } = [];

    public bool Allows(KeyVaultCertificateId certificate) =>
        Vaults.Count == 0 || Vaults.Any(vault => Uri.Compare(vault, certificate.VaultUri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0);
}
