namespace AzureGateway.KeyVault.Sync;

/// <summary>How hard a sync tries before it leaves an object as it is and reports the failure.</summary>
public sealed record CertificateSyncOptions
{
    /// <summary>Attempts per object (and for the list of objects), the first included.</summary>
    public int Attempts { get; init; } = 5;

    /// <summary>The wait before the second attempt; each later wait doubles.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);
}
