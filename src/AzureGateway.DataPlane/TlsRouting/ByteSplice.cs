using System.Buffers;
using System.Net.Sockets;

namespace AzureGateway.DataPlane.TlsRouting;

/// <summary>
/// Copies bytes both ways between a client and a backend until the backend is done. The client's end of data is passed
/// on as a half-close where the backend connection is plain TCP (the backend may still answer); over TLS to the backend
/// it ends the connection, there being no half-close below TLS here. The backend's end, either side failing, or no byte
/// either way for the idle limit (<see cref="DataPlaneOptions.TlsRouteIdleTimeout"/>) ends both.
/// </summary>
internal sealed class ByteSplice
{
    private const int BufferBytes = 16 * 1024;

    private readonly TimeProvider _time;
    private long _lastActive;

    private ByteSplice(TimeProvider time)
    {
        _time = time;
        _lastActive = time.GetTimestamp();
    }

    /// <summary>Runs the splice to its end; true when it ended because the connection was idle for <paramref name="idleTimeout"/>.</summary>
    public static async Task<bool> RunAsync(Stream client, Stream backend, TimeSpan idleTimeout, TimeProvider time, CancellationToken aborted)
    {
        var splice = new ByteSplice(time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var up = splice.CopyAsync(client, backend, stop.Token);
        var down = splice.CopyAsync(backend, client, stop.Token);
        var idle = splice.WatchAsync(idleTimeout, stop.Token);
        var first = await Task.WhenAny(up, down, idle);
        if (first == up && await up && backend is NetworkStream plain)
        {
            try
            {
                plain.Socket.Shutdown(SocketShutdown.Send);
                first = await Task.WhenAny(down, idle);
            }
            catch (SocketException)
            {
                // The backend went away meanwhile: nothing is left to copy.
            }
        }
        await stop.CancelAsync();
        await Task.WhenAll(up, down);
        return first == idle && await idle;
    }

    /// <summary>
    /// True once no byte has moved for <paramref name="idleTimeout"/> (never, when it is zero); false when the splice
    /// ended first.
    /// </summary>
    private async Task<bool> WatchAsync(TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        try
        {
            if (idleTimeout == TimeSpan.Zero)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken);
            }
            for (var quiet = TimeSpan.Zero; quiet < idleTimeout; quiet = _time.GetElapsedTime(Volatile.Read(ref _lastActive)))
            {
                await Task.Delay(idleTimeout - quiet, _time, cancellationToken);
            }
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="source"/> ended its data; false when either side failed or the copy was stopped.</summary>
    private async Task<bool> CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                Volatile.Write(ref _lastActive, _time.GetTimestamp());
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            await destination.FlushAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // A reset, a close or the other direction ending: the connection is over, which is not the gateway's failure.
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
