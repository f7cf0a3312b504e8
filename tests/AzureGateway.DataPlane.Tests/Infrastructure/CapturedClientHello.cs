using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>The ClientHello a real TLS client (SslStream) sends, captured as its first TLS record's bytes.</summary>
internal static class CapturedClientHello
{
    public static async Task<byte[]> RecordAsync(string serverName)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var accepted = await listener.AcceptTcpClientAsync();
        var tls = new SslStream(tcp.GetStream());
        var handshake = tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName });
        var stream = accepted.GetStream();
        var header = new byte[5];
        await stream.ReadExactlyAsync(header);
        var record = new byte[5 + (header[3] << 8 | header[4])];
        header.CopyTo(record, 0);
        await stream.ReadExactlyAsync(record.AsMemory(5));
        accepted.Close();
        await Assert.ThrowsAnyAsync<Exception>(() => handshake);
        await tls.DisposeAsync();
        return record;
    }

    /// <summary>The same handshake message in two TLS records, split at <paramref name="at"/> bytes into it.</summary>
    public static byte[] InTwoRecords(byte[] record, int at)
    {
        var message = record.AsSpan(5);
        byte[] Header(int length) => [record[0], record[1], record[2], (byte)(length >> 8), (byte)length];
        return [.. Header(at), .. message[..at], .. Header(message.Length - at), .. message[at..]];
    }
}
