using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AzureGateway.Cli.Pipeline;
using AzureGateway.Model;
using AzureGateway.Sources;
using Microsoft.Extensions.Time.Testing;

namespace AzureGateway.Cli.Tests;

/// <summary>
/// The pipeline translates the last snapshot again when a certificate judged in it expires or becomes valid, with no
/// change to the input: otherwise an expired certificate would be served until someone edits something.
/// </summary>
public sealed class RecheckedSnapshotsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly Channel<ResourceSnapshot> _published = Channel.CreateUnbounded<ResourceSnapshot>();

    [Fact]
    public async Task The_last_snapshot_comes_again_when_its_recheck_time_comes_and_not_before()
    {
        var rechecked = new RecheckedSnapshots(new ChannelSource(_published.Reader), _time);
        using var stop = new CancellationTokenSource();
        await using var snapshots = rechecked.WatchAsync(stop.Token).GetAsyncEnumerator();
        var first = ResourceSnapshot.Empty with { };
        _published.Writer.TryWrite(first);
        Assert.True(await snapshots.MoveNextAsync().AsTask().WaitAsync(Patience));
        Assert.Same(first, snapshots.Current);
        Assert.False(rechecked.IsRecheck);

        rechecked.RecheckAt = _time.GetUtcNow().AddHours(1);
        var next = snapshots.MoveNextAsync().AsTask();
        _time.Advance(TimeSpan.FromMinutes(59));
        await Task.Delay(100);
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await next.WaitAsync(Patience));
        Assert.Same(first, snapshots.Current);
        Assert.True(rechecked.IsRecheck);
        // Once rechecked, it is not yielded again unless the new translation asks for it.
        next = snapshots.MoveNextAsync().AsTask();
        _time.Advance(TimeSpan.FromDays(400));
        await Task.Delay(100);
        Assert.False(next.IsCompleted);

        var second = ResourceSnapshot.Empty with { };
        _published.Writer.TryWrite(second);
        Assert.True(await next.WaitAsync(Patience));
        Assert.Same(second, snapshots.Current);
        Assert.False(rechecked.IsRecheck);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task A_new_snapshot_before_the_recheck_time_is_yielded_at_once_and_the_wait_ends_with_the_watch()
    {
        var rechecked = new RecheckedSnapshots(new ChannelSource(_published.Reader), _time);
        using var stop = new CancellationTokenSource();
        var snapshots = rechecked.WatchAsync(stop.Token).GetAsyncEnumerator();
        _published.Writer.TryWrite(ResourceSnapshot.Empty);
        Assert.True(await snapshots.MoveNextAsync().AsTask().WaitAsync(Patience));
        rechecked.RecheckAt = _time.GetUtcNow().AddDays(100);

        var changed = ResourceSnapshot.Empty with { };
        var next = snapshots.MoveNextAsync().AsTask();
        _published.Writer.TryWrite(changed);
        Assert.True(await next.WaitAsync(Patience));
        Assert.Same(changed, snapshots.Current);
        Assert.False(rechecked.IsRecheck);

        next = snapshots.MoveNextAsync().AsTask();
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(Patience));
        await snapshots.DisposeAsync().AsTask().WaitAsync(Patience);
    }

    private sealed class ChannelSource(ChannelReader<ResourceSnapshot> published) : ISnapshotSource
    {
        public async IAsyncEnumerable<ResourceSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var snapshot in published.ReadAllAsync(cancellationToken))
            {
                yield return snapshot;
            }
        }
    }
}
