using System.Net.Sockets;

namespace AzureGateway.DataPlane.TlsRouting;

/// <summary>
/// Copies bytes both ways between a client and a backend until the backend is done. The client's end of data is passed
/// on as a half-close where the backend connection is plain TCP (the backend may still answer); over TLS to the backend
/// it ends the connection, there being no half-close below TLS here. The backend's end, or either side failing, ends
/// both.
/// </summary>
internal static class ByteSplice
{
    private const int BufferBytes = 16 * 1024;

    public static async Task RunAsync(Stream client, Stream backend, CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var up = CopyAsync(client, backend, stop.Token);
        var down = CopyAsync(backend, client, stop.Token);
        if (await Task.WhenAny(up, down) == up && await up && backend is NetworkStream plain)
        {
            try
            {
                plain.Socket.Shutdown(SocketShutdown.Send);
                await down;
            }
            catch (SocketException)
            {
                // The backend went away meanwhile: nothing is left to copy.
            }
        }
        await stop.CancelAsync();
        await Task.WhenAll(up, down);
    }

    /// <summary>True when <paramref name="source"/> ended its data; false when either side failed or the copy was stopped.</summary>
    private static async Task<bool> CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        try
        {
            await source.CopyToAsync(destination, BufferBytes, cancellationToken);
            await destination.FlushAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // A reset, a close or the other direction ending: the connection is over, which is not the gateway's failure.
            return false;
        }
    }
}
