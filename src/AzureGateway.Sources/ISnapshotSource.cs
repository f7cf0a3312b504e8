using AzureGateway.Model;

namespace AzureGateway.Sources;

/// <summary>
/// Where the gateway's resources come from (a folder of YAML, later the Kubernetes API). A source publishes a
/// complete snapshot each time its resources change; it never publishes a half-read or unreadable state. A read
/// rejected as a whole is published as the last good snapshot with <see cref="ResourceSnapshot.ReadFailure"/> set.
/// </summary>
public interface ISnapshotSource
{
    /// <summary>
    /// The current snapshot as soon as one is readable, then one per change, until <paramref name="cancellationToken"/>
    /// is cancelled, which ends the sequence. Each call watches independently.
    /// </summary>
    IAsyncEnumerable<ResourceSnapshot> WatchAsync(CancellationToken cancellationToken);
}
