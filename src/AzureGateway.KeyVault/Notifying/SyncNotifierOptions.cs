namespace AzureGateway.KeyVault.Notifying;

/// <summary>Where and how the gateway tells the functions app that bound objects changed in the cluster.</summary>
public sealed record SyncNotifierOptions
{
    /// <summary>The functions app's cluster-changed endpoint, e.g. <c>https://APP.azurewebsites.net/api/cluster-changed</c>.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>
    /// The Entra application the functions app's App Service authentication accepts tokens for (its client id or
    /// <c>api://…</c> URI); the gateway asks its workload identity for a token with this audience.
    /// </summary>
    public required string Audience { get; init; }

    /// <summary>Changes seen within this time are sent together: applying a folder of manifests makes one call.</summary>
    public TimeSpan CoalesceDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Tries per notice, the first included; retried on connection failures, 408, 429 and 5xx, with jittered backoff.</summary>
    public int Attempts { get; init; } = 5;

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Each try gives up after this long.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
