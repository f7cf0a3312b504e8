using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.EchoBackend;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// WebSockets through the gateway to the echo backend over backend mutual TLS: opened by an HTTP/1.1 upgrade or by an
/// HTTP/2 extended CONNECT (RFC 8441), forwarded as the cluster speaks, and messages echoed both ways.
/// </summary>
public sealed class WebSocketTests : IAsyncLifetime
{
    private const string BackendName = "backend.internal";

    private readonly CertificateAuthority _ca = CertificateAuthority.Create("WebSocket Backend CA");
    private readonly CertificateAuthority _frontendCa = CertificateAuthority.Create("WebSocket Frontend CA");
    private CertificateIr _clientCertificate = null!;
    private CertificateIr _frontendCertificate = null!;
    private EchoServer _backend = null!;

    public async Task InitializeAsync()
    {
        _clientCertificate = TestPki.KeyPair(_ca.IssueClient("gateway-client"));
        _frontendCertificate = TestPki.KeyPair(_frontendCa.IssueServer(["www.example.com"]));
        _backend = await EchoServer.StartAsync(new EchoServerOptions
        {
            ServerCertificate = _ca.IssueServer([BackendName]),
            TrustedClientCertificateAuthorities = [_ca.Certificate],
        }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        _ca.Dispose();
        _frontendCa.Dispose();
    }

    // A route with a time limit, a retry policy and header edits: none of them may get in an upgrade's way.
    private GatewayIr Serving(BackendProtocolIr protocol) => Ir.Gateway(
        Ir.HttpsPort(443, [Ir.ServerCertificate("www.example.com", _frontendCertificate)],
            Ir.Host("www.example.com", Ir.Route("ws", "echo", r => r with
            {
                Timeouts = new RouteTimeoutsIr { Request = TimeSpan.FromMilliseconds(500) },
                Retry = new RetryIr { Codes = new[] { 503 }, Attempts = 2 },
                Filters = new HttpFiltersIr
                {
                    RequestHeaders = new HeaderModifierIr { Set = new[] { new HeaderValueIr { Name = "x-through", Value = "gateway" } } },
                },
            }))),
        Ir.Cluster("echo", _backend.Port, Ir.Tls(BackendName, TestPki.Anchor(_ca.Certificate), _clientCertificate)) with { Protocol = protocol });

    [Theory]
    [InlineData("1.1", BackendProtocolIr.Http11, "HTTP/1.1")]
    [InlineData("2.0", BackendProtocolIr.Http11, "HTTP/1.1")]
    [InlineData("1.1", BackendProtocolIr.Http2, "HTTP/2")]
    [InlineData("2.0", BackendProtocolIr.Http2, "HTTP/2")]
    [InlineData("2.0", BackendProtocolIr.Negotiated, "HTTP/1.1")]
    public async Task A_websocket_round_trips_over_backend_mutual_tls(string clientVersion, BackendProtocolIr protocol, string backendVersion)
    {
        await using var gateway = await TestGateway.StartAsync(Serving(protocol));
        using var invoker = LoopbackInvoker(gateway.DataPlane.BoundPorts[443]);
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = Version.Parse(clientVersion);
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;

        await socket.ConnectAsync(new Uri("wss://www.example.com/chat"), invoker, CancellationToken.None);
        var seen = JsonSerializer.Deserialize(await ReceiveAsync(socket), EchoJsonContext.Default.EchoResponse)!;
        // Longer than the route's time limit: an upgraded connection has none.
        await Task.Delay(700);
        await socket.SendAsync(Encoding.UTF8.GetBytes("ping"), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var echoed = await ReceiveAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

        Assert.Equal("ping", echoed);
        Assert.Equal("CN=gateway-client", seen.ClientCertificateSubject);
        Assert.Equal(BackendName, seen.Sni);
        Assert.Equal(backendVersion, seen.HttpVersion);
        Assert.Equal("gateway", seen.Headers["x-through"]);
        Assert.Equal("/chat", seen.Path);
        Assert.Empty(gateway.Logs.Lines);
    }

    private static async Task<string> ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var total = 0;
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(total), timeout.Token);
            total += received.Count;
            if (received.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer, 0, total);
            }
        }
    }

    private static HttpMessageInvoker LoopbackInvoker(int port) => new(new SocketsHttpHandler
    {
        ConnectCallback = (_, cancellationToken) => LoopbackConnection.OpenAsync(port, cancellationToken),
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    });
}
