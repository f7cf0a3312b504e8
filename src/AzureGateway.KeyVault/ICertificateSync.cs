namespace AzureGateway.KeyVault;

/// <summary>What a sync did: objects written, objects already current, and problems in words for a person.</summary>
public sealed record SyncReport(int Updated, int Unchanged, IReadOnlyList<string> Problems)
{
    public static SyncReport Empty { get; } = new(0, 0, []);
}

/// <summary>
/// Brings Secrets and ConfigMaps bound to Key Vault certificates to the certificates' newest enabled versions.
/// Writes are idempotent and never move an object back to an older version. The functions app calls it on Key
/// Vault events and on a timer; <c>azgw run</c> uses the same code to resolve bindings without a cluster.
/// </summary>
public interface ICertificateSync
{
    /// <summary>A certificate has a new version: every object bound to it is brought up to date.</summary>
    Task<SyncReport> CertificateChangedAsync(KeyVaultCertificateId certificate, CancellationToken cancellationToken);

    /// <summary>Every bound object is brought up to date, so an event that was lost is repaired.</summary>
    Task<SyncReport> ReconcileAsync(CancellationToken cancellationToken);

    /// <summary>
    /// These objects are new, or their binding changed, in the cluster: each that still carries a binding is brought
    /// up to date, and nothing else is listed or read (the gateway sends this within seconds of seeing the change).
    /// </summary>
    Task<SyncReport> ObjectsChangedAsync(IReadOnlyList<Bindings.BoundObject> objects, CancellationToken cancellationToken);

    /// <summary>A certificate is near its expiry (or past it): the objects bound to it are marked so users see it.</summary>
    Task<SyncReport> CertificateExpiringAsync(KeyVaultCertificateId certificate, bool expired, CancellationToken cancellationToken);
}
