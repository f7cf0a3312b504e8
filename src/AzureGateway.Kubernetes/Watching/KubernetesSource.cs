using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AzureGateway.Model;
using AzureGateway.Sources;
using k8s;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Kubernetes.Watching;

/// <summary>
/// The cluster source: lists and watches every kind in <see cref="WatchedKinds.All"/> and publishes a snapshot once
/// every initial list is complete, then one per burst of changes. Objects that did not change are the same
/// references from one snapshot to the next, and each kind keeps the order its objects were first seen in.
/// </summary>
public sealed class KubernetesSource(
    IKubernetes client, KubernetesSourceOptions options, ILogger<KubernetesSource> logger, TimeProvider? time = null)
    : ISnapshotSource
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async IAsyncEnumerable<ResourceSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One pending signal is enough: the next snapshot holds every change made before it is built.
        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        var state = new SnapshotState(() => changes.Writer.TryWrite(true));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watchers = WatchedKinds.All.Select(kind => Task.Run(() => Start(kind, state, stop.Token), CancellationToken.None)).ToList();
        try
        {
            if (!await WaitAsync(state.AllListed, cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }
            var (snapshot, published) = state.Build();
            yield return snapshot;
            while (await WaitForChangeAsync(changes.Reader, cancellationToken).ConfigureAwait(false))
            {
                if (state.Version == published)
                {
                    continue;
                }
                (snapshot, published) = state.Build();
                yield return snapshot;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(watchers).ConfigureAwait(false);
        }
    }

    private Task Start(WatchedKind kind, SnapshotState state, CancellationToken cancellationToken) =>
        kind.RunAsync(client, state, options, _time, logger, cancellationToken);

    private static async Task<bool> WaitAsync(Task task, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Waits for a change signal, then lets the burst settle. False when cancelled.</summary>
    private async Task<bool> WaitForChangeAsync(ChannelReader<bool> changes, CancellationToken cancellationToken)
    {
        try
        {
            await changes.ReadAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(options.Debounce, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        while (changes.TryRead(out _))
        {
        }
        return true;
    }
}
