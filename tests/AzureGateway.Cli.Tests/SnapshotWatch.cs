using AzureGateway.Model;
using AzureGateway.Sources;

namespace AzureGateway.Cli.Tests;

/// <summary>
/// Reads a source's snapshots one at a time, and on dispose stops the watch before releasing it (an async
/// iterator cannot be disposed while a read is pending).
/// </summary>
public sealed class SnapshotWatch(ISnapshotSource source) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private IAsyncEnumerator<ResourceSnapshot>? _snapshots;
    private Task<bool> _pending = Task.FromResult(false);

    public ResourceSnapshot Current => _snapshots!.Current;

    public Task<bool> MoveNextAsync()
    {
        _snapshots ??= source.WatchAsync(_stop.Token).GetAsyncEnumerator();
        return _pending = _snapshots.MoveNextAsync().AsTask();
    }

    public Task StopAsync() => _stop.CancelAsync();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pending;
        if (_snapshots is not null)
        {
            await _snapshots.DisposeAsync();
        }
        _stop.Dispose();
    }
}
