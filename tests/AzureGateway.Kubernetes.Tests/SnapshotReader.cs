using AzureGateway.Model;
using AzureGateway.Sources;

namespace AzureGateway.Kubernetes.Tests;

/// <summary>
/// Reads a source's snapshots one at a time with a generous timeout; on dispose it stops the watch before releasing
/// it (an async iterator cannot be disposed while a read is pending).
/// </summary>
public sealed class SnapshotReader(ISnapshotSource source) : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource _stop = new();
    private IAsyncEnumerator<ResourceSnapshot>? _snapshots;
    private Task<bool> _pending = Task.FromResult(false);

    public async Task<ResourceSnapshot> NextAsync()
    {
        _snapshots ??= source.WatchAsync(_stop.Token).GetAsyncEnumerator();
        _pending = _snapshots.MoveNextAsync().AsTask();
        Assert.True(await _pending.WaitAsync(Timeout), "the source ended");
        return _snapshots.Current;
    }

    /// <summary>Reads snapshots until one satisfies <paramref name="condition"/>.</summary>
    public async Task<ResourceSnapshot> NextWhereAsync(Func<ResourceSnapshot, bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            var snapshot = await NextAsync();
            if (condition(snapshot))
            {
                return snapshot;
            }
        }
        throw new TimeoutException("no snapshot satisfied the condition");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pending;
        }
        catch (OperationCanceledException)
        {
        }
        if (_snapshots is not null)
        {
            await _snapshots.DisposeAsync();
        }
        _stop.Dispose();
    }
}
