using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AzureGateway.KeyVault.Reading;
using AzureGateway.KeyVault.Sync;
using AzureGateway.Model;
using AzureGateway.Sources;
using Microsoft.Extensions.Logging;

namespace AzureGateway.KeyVault.Local;

/// <summary>
/// Resolves the Key Vault bindings of another source's Secrets and ConfigMaps in memory, with the same
/// <see cref="KeyVaultCertificateSync"/> the functions app runs, so <c>azgw run --config DIR</c> serves Key Vault
/// certificates without a cluster. A snapshot without bindings passes through untouched and Key Vault is never
/// called, so a folder keeps working without Azure. Key Vault is asked again every
/// <see cref="KeyVaultSnapshotSource.RefreshInterval"/>, and a new version is served when it appears.
/// </summary>
public sealed class KeyVaultSnapshotSource : ISnapshotSource
{
    private readonly ISnapshotSource _inner;
    private readonly KeyVaultCertificateReader _reader;
    private readonly CertificateSyncOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;

    public KeyVaultSnapshotSource(
        ISnapshotSource inner, KeyVaultCertificateReader reader, CertificateSyncOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _inner = inner;
        _reader = reader;
        _options = options;
        _time = time;
        _loggerFactory = loggerFactory;
    }

    /// <summary>How often Key Vault is asked for new versions while bindings exist.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(5);

    public async IAsyncEnumerable<ResourceSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var store = new SnapshotBoundObjects();
        var sync = new KeyVaultCertificateSync(store, _reader, _options, _time, _loggerFactory.CreateLogger<KeyVaultCertificateSync>());
        // The newest snapshot of the inner source, and a wake-up for each new one and each refresh; a slow Key
        // Vault makes intermediate snapshots be skipped, never queued.
        var latest = new Latest();
        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadAsync(latest, wake.Writer, stop.Token);
        var refreshing = RefreshAsync(wake.Writer, stop.Token);
        try
        {
            await foreach (var _ in wake.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var (snapshot, isNew) = latest.Take();
                if (snapshot is null)
                {
                    continue;
                }
                if (!store.Load(snapshot))
                {
                    if (isNew)
                    {
                        yield return snapshot;
                    }
                    continue;
                }
                var writes = store.Writes;
                await sync.ReconcileAsync(cancellationToken).ConfigureAwait(false);
                if (isNew || store.Writes != writes)
                {
                    yield return store.Apply(snapshot);
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(reading, refreshing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task ReadAsync(Latest latest, ChannelWriter<bool> wake, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var snapshot in _inner.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                latest.Put(snapshot);
                wake.TryWrite(true);
            }
            wake.TryComplete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            wake.TryComplete();
        }
        catch (Exception e)
        {
            // The inner source's failure ends this source's sequence with it.
            wake.TryComplete(e);
        }
    }

    private async Task RefreshAsync(ChannelWriter<bool> wake, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(RefreshInterval, _time, cancellationToken).ConfigureAwait(false);
                wake.TryWrite(true);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopped with the watch
        }
    }

    /// <summary>The newest snapshot, and whether it arrived since it was last taken.</summary>
    private sealed class Latest
    {
        private readonly Lock _lock = new();
        private ResourceSnapshot? _snapshot;
        private bool _isNew;

        public void Put(ResourceSnapshot snapshot)
        {
            lock (_lock)
            {
                (_snapshot, _isNew) = (snapshot, true);
            }
        }

        public (ResourceSnapshot? Snapshot, bool IsNew) Take()
        {
            lock (_lock)
            {
                var taken = (_snapshot, _isNew);
                _isNew = false;
                return taken;
            }
        }
    }
}
