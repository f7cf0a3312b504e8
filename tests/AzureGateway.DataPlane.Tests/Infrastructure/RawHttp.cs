using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// Sends bytes as they are to a gateway port and reads the answer until the gateway closes the connection: for
/// requests HttpClient refuses to send (malformed headers, HTTP/1.0 without Host).
/// </summary>
internal static class RawHttp
{
    /// <summary>
    /// Sends <paramref name="request"/> and reads until the gateway closes the connection: what it answered, or null
    /// when it closed without answering.
    /// </summary>
    public static async Task<string?> TryAnswerAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        var answer = new MemoryStream();
        try
        {
            await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
            using var reading = new CancellationTokenSource(Wait.Timeout);
            await stream.CopyToAsync(answer, reading.Token);
        }
        catch (IOException)
        {
        }
        return answer.Length == 0 ? null : Encoding.Latin1.GetString(answer.ToArray());
    }

    /// <summary>Sends <paramref name="request"/> (give it <c>Connection: close</c>) and returns the status code and the whole answer.</summary>
    public static async Task<(int Status, string Answer)> SendAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var reading = new CancellationTokenSource(Wait.Timeout);
        var answer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(answer, reading.Token);
        }
        catch (IOException)
        {
            // A reset after the answer, as when the gateway closes with unread request bytes.
        }
        var text = Encoding.Latin1.GetString(answer.ToArray());
        Assert.True(text.StartsWith("HTTP/1.", StringComparison.Ordinal), $"no HTTP answer: '{text}'");
        return (int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture), text);
    }
}

/// <summary>
/// A plain HTTP/1.1 backend on a raw socket: it records the request head of every request as the bytes arrived
/// (before any body), counts the connections it accepted and those open at once, and answers 200 after
/// <see cref="Delay"/>, keeping the connection for more requests.
/// </summary>
internal sealed class RawBackend : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<string> _heads = new();
    private readonly CancellationTokenSource _stop = new();
    private int _accepted;
    private int _open;
    private int _mostOpen;

    private RawBackend()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public static RawBackend Start() => new();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Request heads as received, request line and headers.</summary>
    public IReadOnlyList<string> Heads => [.. _heads];

    public int Accepted => Volatile.Read(ref _accepted);

    public int MostOpenAtOnce => Volatile.Read(ref _mostOpen);

    public int Open => Volatile.Read(ref _open);

    public TimeSpan Delay { get; set; }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            var open = Interlocked.Increment(ref _open);
            for (var most = _mostOpen; open > most; most = _mostOpen)
            {
                Interlocked.CompareExchange(ref _mostOpen, open, most);
            }
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            using var stream = new NetworkStream(socket, ownsSocket: true);
            var buffer = new byte[64 * 1024];
            var pending = new StringBuilder();
            while (true)
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }
                pending.Append(Encoding.Latin1.GetString(buffer, 0, read));
                var end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end < 0)
                {
                    continue;
                }
                var head = pending.ToString(0, end);
                _heads.Enqueue(head);
                pending.Clear();
                // The tests that reach this far send no body; the ones that do want nothing forwarded.
                await Task.Delay(Delay, _stop.Token);
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray(), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
