using System.Runtime.CompilerServices;
using AzureGateway.Model;
using AzureGateway.Sources;

namespace AzureGateway.Cli.Pipeline;

/// <summary>
/// A source's snapshots, and its last snapshot once more when <see cref="RecheckAt"/> comes: a translation judges
/// certificates against the clock, so the same input can stop being servable (a certificate expires) or become so
/// (one reaches its start of validity) with no change to the input at all.
/// </summary>
internal sealed class RecheckedSnapshots(ISnapshotSource source, TimeProvider time)
{
    /// <summary>Task.Delay refuses waits over about 49 days; a later recheck is waited for in steps.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(30);

    /// <summary>When to yield the last snapshot again; set by the consumer after each translation, never if MaxValue.</summary>
    public DateTimeOffset RecheckAt { get; set; } = DateTimeOffset.MaxValue;

    /// <summary>True for a snapshot yielded again because <see cref="RecheckAt"/> came, false for one from the source.</summary>
    public bool IsRecheck { get; private set; }

    public async IAsyncEnumerable<ResourceSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stopSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var snapshots = source.WatchAsync(stopSource.Token).GetAsyncEnumerator(stopSource.Token);
        var next = snapshots.MoveNextAsync().AsTask();
        ResourceSnapshot? last = null;
        try
        {
            while (true)
            {
                if (last is not null && RecheckAt != DateTimeOffset.MaxValue && !next.IsCompleted)
                {
                    var wait = RecheckAt - time.GetUtcNow();
                    if (wait > TimeSpan.Zero)
                    {
                        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        var delay = Task.Delay(wait < LongestWait ? wait : LongestWait, time, stopWaiting.Token);
                        await Task.WhenAny(next, delay);
                        await stopWaiting.CancelAsync();
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                    if (!next.IsCompleted)
                    {
                        if (time.GetUtcNow() >= RecheckAt)
                        {
                            RecheckAt = DateTimeOffset.MaxValue;
                            IsRecheck = true;
                            yield return last;
                        }
                        continue;
                    }
                }
                if (!await next)
                {
                    yield break;
                }
                last = snapshots.Current;
                next = snapshots.MoveNextAsync().AsTask();
                IsRecheck = false;
                yield return last;
            }
        }
        finally
        {
            // An async iterator cannot be disposed while a step is pending: stop the source, and let that step end.
            await stopSource.CancelAsync();
            await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
