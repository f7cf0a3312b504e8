using System.Net;
using System.Net.Sockets;
using AzureGateway.DataPlane.Tests.Infrastructure;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// A plain-text port tells HTTP/2 clients with prior knowledge (h2c) from HTTP/1.1 ones by their first bytes, however
/// those bytes arrive: what a gRPC client dialling <c>http://</c> needs from an HTTP listener.
/// </summary>
public sealed class PriorKnowledgeTests : IAsyncLifetime
{
    /// <summary>The HTTP/2 connection preface and an empty SETTINGS frame: how an h2c client opens (RFC 9113 §3.4).</summary>
    public static readonly byte[] ClientPreface = [.. "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8, 0, 0, 0, SettingsFrame, 0, 0, 0, 0, 0];

    public const byte SettingsFrame = 4;

    private RawBackend _backend = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _backend = RawBackend.Start();
        _gateway = await TestGateway.StartAsync(
            Ir.Gateway(Ir.HttpPort(80, Ir.Host("*", Ir.Route("route", "backend"))), Ir.Cluster("backend", _backend.Port)));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    /// <summary>Reads the type of the next HTTP/2 frame from the server.</summary>
    public static async Task<byte> ReadFrameTypeAsync(Stream stream)
    {
        var header = new byte[9];
        using var reading = new CancellationTokenSource(Wait.Timeout);
        await stream.ReadExactlyAsync(header, reading.Token);
        return header[3];
    }

    [Fact]
    public async Task A_preface_sent_in_pieces_is_answered_in_http2()
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, _gateway.DataPlane.BoundPorts[80]);
        var stream = client.GetStream();

        foreach (var piece in ClientPreface.Chunk(5))
        {
            await stream.WriteAsync(piece);
            await stream.FlushAsync();
            await Task.Delay(20);
        }

        Assert.Equal(SettingsFrame, await ReadFrameTypeAsync(stream));
    }

    [Fact]
    public async Task A_request_that_only_starts_like_the_preface_is_read_as_http11()
    {
        var (status, _) = await RawHttp.SendAsync(_gateway.DataPlane.BoundPorts[80], "PRIX / HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n");

        // Kestrel reads the unknown method as HTTP/1.1 and the route forwards it; what matters is an HTTP/1.1 answer.
        Assert.InRange(status, 200, 599);
    }

    [Fact]
    public async Task A_client_that_leaves_halfway_through_the_preface_is_closed_and_the_port_serves_on()
    {
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, _gateway.DataPlane.BoundPorts[80]);
            await client.GetStream().WriteAsync(ClientPreface.AsMemory(0, 10));
        }

        var (status, _) = await RawHttp.SendAsync(_gateway.DataPlane.BoundPorts[80], "GET / HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, status);
        Assert.Empty(_gateway.Logs.Lines);
    }
}
