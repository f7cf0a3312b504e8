using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Authentication;
using System.Text;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.IR;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// TLS ports (TLSRoute) over real sockets with real certificates: passthrough leaves the client's TLS to the backend,
/// terminate presents the listener's certificate and reaches the backend with the cluster's own TLS, the SNI picks the
/// route (exact, then the longest wildcard), and what matches nothing is closed, logged and counted.
/// </summary>
[Collection("Counted frontend failures")]
[UnsupportedOSPlatform("windows")]
public sealed class TlsRouteTests : IAsyncDisposable
{
    private readonly CertificateAuthority _ca = CertificateAuthority.Create("TLS Route Test CA");

    public ValueTask DisposeAsync()
    {
        _ca.Dispose();
        return ValueTask.CompletedTask;
    }

    private static PortIr TlsPort(int port, IEnumerable<ListenerTlsIr> listeners, params TlsRouteIr[] routes) => new()
    {
        Port = port,
        Protocol = PortProtocol.Tls,
        ListenerTls = listeners.ToArray(),
        TlsRoutes = routes,
    };

    private static TlsRouteIr Route(string hostname, TlsRouteModeIr mode, params (string Cluster, int Weight)[] backends) => new()
    {
        Hostname = hostname,
        Name = $"tlsroute/test/{hostname}",
        Mode = mode,
        Backends = backends.Select(b => new WeightedClusterIr { Cluster = b.Cluster, Weight = b.Weight }).ToArray(),
    };

    private static GatewayIr Gateway(PortIr port, params ClusterIr[] clusters) => new() { Ports = new[] { port }, Clusters = clusters };

    [Fact]
    public async Task Passthrough_leaves_the_tls_to_the_backend_whose_certificate_and_alpn_the_client_sees_and_sends_no_client_certificate()
    {
        var backendCertificate = _ca.IssueServer(["db.example.com"]);
        await using var backend = RawTlsBackend.Tls("db", backendCertificate);
        // The cluster has backend TLS, as a BackendTLSPolicy gives it: passthrough does not apply it.
        var clientCertificate = TestPki.KeyPair(_ca.IssueClient("gateway-client"));
        await using var gateway = await TestGateway.StartAsync(Gateway(
            TlsPort(443, [], Route("db.example.com", TlsRouteModeIr.Passthrough, ("db", 1))),
            Ir.Cluster("db", backend.Port, Ir.Tls("db.internal", TestPki.Anchor(_ca.Certificate), clientCertificate))));

        await using var client = await TlsRouteClient.ConnectAsync(gateway.DataPlane.BoundPorts[443], "db.example.com", _ca.Certificate);

        Assert.Equal(PemCertificates.Thumbprint(backendCertificate), PemCertificates.Thumbprint(client.ServerCertificate));
        Assert.Equal("db sni=db.example.com client=- alpn=h2", client.Greeting);
        Assert.Equal("hello", await client.EchoAsync("hello"));
    }

    [Theory]
    [InlineData("db.example.com", "exact")]
    [InlineData("DB.Example.com", "exact")]
    [InlineData("api.example.com", "wildcard")]
    [InlineData("a.b.example.com", "wildcard")]
    [InlineData("x.eu.example.com", "eu-wildcard")]
    public async Task Sni_picks_the_exact_route_then_the_longest_wildcard(string serverName, string expected)
    {
        var certificate = _ca.IssueServer(["*.example.com", "*.eu.example.com", "*.b.example.com", "db.example.com"]);
        await using var exact = RawTlsBackend.Tls("exact", certificate);
        await using var wildcard = RawTlsBackend.Tls("wildcard", certificate);
        await using var euWildcard = RawTlsBackend.Tls("eu-wildcard", certificate);
        await using var gateway = await TestGateway.StartAsync(Gateway(
            TlsPort(443, [],
                Route("*.example.com", TlsRouteModeIr.Passthrough, ("wildcard", 1)),
                Route("db.example.com", TlsRouteModeIr.Passthrough, ("exact", 1)),
                Route("*.eu.example.com", TlsRouteModeIr.Passthrough, ("eu-wildcard", 1))),
            Ir.Cluster("exact", exact.Port), Ir.Cluster("wildcard", wildcard.Port), Ir.Cluster("eu-wildcard", euWildcard.Port)));

        await using var client = await TlsRouteClient.ConnectAsync(gateway.DataPlane.BoundPorts[443], serverName, _ca.Certificate);

        Assert.StartsWith($"{expected} ", client.Greeting, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_whose_sni_matches_no_route_or_that_is_not_tls_is_closed_logged_once_and_counted()
    {
        using var counted = CountedFailures.ClientFailures();
        await using var backend = RawTlsBackend.Tls("db", _ca.IssueServer(["db.example.com"]));
        await using var gateway = await TestGateway.StartAsync(
            Gateway(TlsPort(443, [], Route("db.example.com", TlsRouteModeIr.Passthrough, ("db", 1))), Ir.Cluster("db", backend.Port)),
            logLevel: LogLevel.Information);
        var port = gateway.DataPlane.BoundPorts[443];

        await Assert.ThrowsAnyAsync<Exception>(() => TlsRouteClient.ConnectAsync(port, "other.org", _ca.Certificate));
        await Assert.ThrowsAnyAsync<Exception>(() => TlsRouteClient.ConnectAsync(port, "other.org", _ca.Certificate));
        Assert.Equal(0, await SendPlainAsync(port, "GET / HTTP/1.1\r\nHost: db.example.com\r\n\r\n"));
        await Wait.UntilAsync(() => ClientLines(gateway).Count >= 2, "the refusals were logged");

        Assert.Equal(
            [
                "Information: Client TLS handshake refused: no_tls_route: server name other.org matches no TLS route on port 443",
                "Information: Client TLS handshake refused: not_a_client_hello: the client sent something other than a TLS ClientHello",
            ],
            ClientLines(gateway).Order(StringComparer.Ordinal));
        Assert.Equal(2, counted.Counted.Count(c => c == "tls_handshake/no_tls_route"));
        Assert.Contains("tls_handshake/not_a_client_hello", counted.Counted);
        Assert.DoesNotContain(gateway.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.Contains("\n   at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_that_sends_no_client_hello_is_cut_at_the_frontend_handshake_timeout()
    {
        await using var backend = RawTlsBackend.Plain("db");
        await using var gateway = await TestGateway.StartAsync(
            Gateway(TlsPort(443, [], Route("db.example.com", TlsRouteModeIr.Passthrough, ("db", 1))), Ir.Cluster("db", backend.Port)),
            new DataPlaneOptions { FrontendHandshakeTimeout = TimeSpan.FromSeconds(1) }, LogLevel.Information);
        using var silent = new TcpClient();
        await silent.ConnectAsync(IPAddress.Loopback, gateway.DataPlane.BoundPorts[443]);

        var read = await silent.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(8));

        Assert.Equal(0, read);
        await Wait.UntilAsync(() => ClientLines(gateway).Contains(
            "Information: Client TLS handshake refused: timeout: the client sent no complete TLS ClientHello in time"), "the time-out was logged");
    }

    [Fact]
    public async Task Terminate_presents_the_listener_certificate_and_reaches_the_backend_with_its_tls_client_certificate_and_sni_offering_no_alpn()
    {
        var listenerCertificate = _ca.IssueServer(["*.example.com"]);
        await using var backend = RawTlsBackend.Tls("app", _ca.IssueServer(["app.internal"]));
        await using var gateway = await TestGateway.StartAsync(Gateway(
            TlsPort(443, [Ir.ServerCertificate("*.example.com", TestPki.KeyPair(listenerCertificate))],
                Route("app.example.com", TlsRouteModeIr.Terminate, ("app", 1))),
            Ir.Cluster("app", backend.Port,
                Ir.Tls("app.internal", TestPki.Anchor(_ca.Certificate), TestPki.KeyPair(_ca.IssueClient("gateway-client"))))));

        await using var client = await TlsRouteClient.ConnectAsync(gateway.DataPlane.BoundPorts[443], "app.example.com", _ca.Certificate);

        Assert.Equal(PemCertificates.Thumbprint(listenerCertificate), PemCertificates.Thumbprint(client.ServerCertificate));
        Assert.Equal("app sni=app.internal client=CN=gateway-client alpn=-", client.Greeting);
        Assert.Equal("through two TLS sessions", await client.EchoAsync("through two TLS sessions"));
    }

    [Fact]
    public async Task Terminate_reaches_a_backend_without_tls_in_plain_tcp()
    {
        await using var backend = RawTlsBackend.Plain("tcp");
        await using var gateway = await TestGateway.StartAsync(Gateway(
            TlsPort(443, [Ir.ServerCertificate(null, TestPki.KeyPair(_ca.IssueServer(["tcp.example.com"])))],
                Route("tcp.example.com", TlsRouteModeIr.Terminate, ("tcp", 1))),
            Ir.Cluster("tcp", backend.Port)));

        await using var client = await TlsRouteClient.ConnectAsync(gateway.DataPlane.BoundPorts[443], "tcp.example.com", _ca.Certificate);

        Assert.Equal("tcp sni=- client=- alpn=-", client.Greeting);
        Assert.Equal("plain", await client.EchoAsync("plain"));
    }

    [Fact]
    public async Task A_connection_that_carries_nothing_for_the_idle_limit_is_closed_while_traffic_keeps_it_open()
    {
        var clock = FakeClock.StartingNow();
        await using var backend = RawTlsBackend.Plain("tcp");
        await using var gateway = await TestGateway.StartAsync(Gateway(
                TlsPort(443, [Ir.ServerCertificate(null, TestPki.KeyPair(_ca.IssueServer(["tcp.example.com"])))],
                    Route("tcp.example.com", TlsRouteModeIr.Terminate, ("tcp", 1))),
                Ir.Cluster("tcp", backend.Port)),
            new DataPlaneOptions { TimeProvider = clock, TlsRouteIdleTimeout = TimeSpan.FromMinutes(1) }, LogLevel.Debug);
        await using var client = await TlsRouteClient.ConnectAsync(gateway.DataPlane.BoundPorts[443], "tcp.example.com", _ca.Certificate);

        // Two quiet spells shorter than the limit, each ended by traffic, add up to more than it: the connection stays.
        clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal("first", await client.EchoAsync("first"));
        clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal("second", await client.EchoAsync("second"));
        clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Null(await client.ReadLineAsync());
        await Wait.UntilAsync(() => gateway.Logs.Lines.Any(line => line.Contains("closed after carrying nothing for 00:01:00", StringComparison.Ordinal)),
            "the idle close logged");
    }

    [Fact]
    public async Task Terminate_refuses_a_backend_whose_certificate_fails_verification_and_closes_the_connection()
    {
        using var other = CertificateAuthority.Create("Other CA");
        await using var backend = RawTlsBackend.Tls("app", other.IssueServer(["app.internal"]));
        await using var gateway = await TestGateway.StartAsync(Gateway(
            TlsPort(443, [Ir.ServerCertificate(null, TestPki.KeyPair(_ca.IssueServer(["app.example.com"])))],
                Route("app.example.com", TlsRouteModeIr.Terminate, ("app", 1))),
            Ir.Cluster("app", backend.Port, Ir.Tls("app.internal", TestPki.Anchor(_ca.Certificate)))));

        // The client's handshake is with the gateway, and succeeds; the connection then ends without a byte from the backend.
        await using var client = await TlsRouteClient.ConnectAsync(gateway.DataPlane.BoundPorts[443], "app.example.com", _ca.Certificate);

        Assert.Equal("", client.Greeting);
        await Wait.UntilAsync(() => gateway.Logs.Lines.Any(line =>
            line.StartsWith("Warning: Backend app at http://127.0.0.1:", StringComparison.Ordinal)
            && line.Contains("failed for route tlsroute/test/app.example.com: UntrustedCa", StringComparison.Ordinal)), "the backend failure was logged");
    }

    [Fact]
    public async Task A_new_configuration_keeps_open_connections_and_routes_new_ones_by_the_changed_route()
    {
        var certificate = _ca.IssueServer(["db.example.com"]);
        await using var first = RawTlsBackend.Tls("first", certificate);
        await using var second = RawTlsBackend.Tls("second", certificate);
        GatewayIr To(string cluster) => Gateway(
            TlsPort(443, [], Route("db.example.com", TlsRouteModeIr.Passthrough, (cluster, 1))),
            Ir.Cluster("first", first.Port), Ir.Cluster("second", second.Port));
        await using var gateway = await TestGateway.StartAsync(To("first"));
        var port = gateway.DataPlane.BoundPorts[443];
        await using var open = await TlsRouteClient.ConnectAsync(port, "db.example.com", _ca.Certificate);

        await gateway.ApplyAsync(To("second"));
        await using var next = await TlsRouteClient.ConnectAsync(port, "db.example.com", _ca.Certificate);

        Assert.StartsWith("first ", open.Greeting, StringComparison.Ordinal);
        Assert.Equal("still here", await open.EchoAsync("still here"));
        Assert.StartsWith("second ", next.Greeting, StringComparison.Ordinal);
        Assert.Equal(port, gateway.DataPlane.BoundPorts[443]);
    }

    [Fact]
    public async Task A_rotated_listener_certificate_is_presented_to_new_terminated_connections_while_open_ones_go_on()
    {
        var before = _ca.IssueServer(["app.example.com"]);
        var after = _ca.IssueServer(["app.example.com"]);
        await using var backend = RawTlsBackend.Plain("app");
        GatewayIr With(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) => Gateway(
            TlsPort(443, [Ir.ServerCertificate(null, TestPki.KeyPair(certificate))], Route("app.example.com", TlsRouteModeIr.Terminate, ("app", 1))),
            Ir.Cluster("app", backend.Port));
        await using var gateway = await TestGateway.StartAsync(With(before));
        var port = gateway.DataPlane.BoundPorts[443];
        await using var open = await TlsRouteClient.ConnectAsync(port, "app.example.com", _ca.Certificate);

        await gateway.ApplyAsync(With(after));
        await using var next = await TlsRouteClient.ConnectAsync(port, "app.example.com", _ca.Certificate);

        Assert.Equal(PemCertificates.Thumbprint(before), PemCertificates.Thumbprint(open.ServerCertificate));
        Assert.Equal("still served", await open.EchoAsync("still served"));
        Assert.Equal(PemCertificates.Thumbprint(after), PemCertificates.Thumbprint(next.ServerCertificate));
    }

    [Fact]
    public async Task Connections_spread_over_weighted_backends_and_a_zero_weight_gets_none()
    {
        var certificate = _ca.IssueServer(["db.example.com"]);
        await using var heavy = RawTlsBackend.Tls("heavy", certificate);
        await using var light = RawTlsBackend.Tls("light", certificate);
        await using var drained = RawTlsBackend.Tls("drained", certificate);
        await using var gateway = await TestGateway.StartAsync(Gateway(
            TlsPort(443, [], Route("db.example.com", TlsRouteModeIr.Passthrough, ("heavy", 3), ("light", 1), ("drained", 0))),
            Ir.Cluster("heavy", heavy.Port), Ir.Cluster("light", light.Port), Ir.Cluster("drained", drained.Port)));

        var answered = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            await using var client = await TlsRouteClient.ConnectAsync(gateway.DataPlane.BoundPorts[443], "db.example.com", _ca.Certificate);
            answered.Add(client.Greeting.Split(' ')[0]);
        }

        Assert.InRange(answered.Count(a => a == "heavy"), 20, 39);
        Assert.Contains("light", answered);
        Assert.DoesNotContain("drained", answered);
    }

    [Fact]
    public async Task A_client_hello_split_over_two_records_and_sent_a_few_bytes_at_a_time_is_routed_by_its_sni()
    {
        await using var backend = RawTlsBackend.Plain("db");
        await using var gateway = await TestGateway.StartAsync(
            Gateway(TlsPort(443, [], Route("db.example.com", TlsRouteModeIr.Passthrough, ("db", 1))), Ir.Cluster("db", backend.Port)));
        var hello = CapturedClientHello.InTwoRecords(await CapturedClientHello.RecordAsync("db.example.com"), at: 40);
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, gateway.DataPlane.BoundPorts[443]);
        var stream = tcp.GetStream();

        foreach (var chunk in hello.Chunk(7))
        {
            await stream.WriteAsync(chunk);
            await Task.Delay(1);
        }
        using var reader = new StreamReader(stream, Encoding.Latin1);

        // The plain backend greets, then echoes what it got: the ClientHello, byte for byte, as the client sent it.
        Assert.Equal("db sni=- client=- alpn=-", await reader.ReadLineAsync().WaitAsync(Wait.Timeout));
        var echoed = new char[hello.Length];
        await reader.ReadBlockAsync(echoed).AsTask().WaitAsync(Wait.Timeout);
        Assert.Equal(hello, echoed.Select(c => (byte)c).ToArray());
    }

    [Fact]
    public async Task A_client_hello_larger_than_the_bound_is_closed_without_being_read_whole()
    {
        using var counted = CountedFailures.ClientFailures();
        await using var backend = RawTlsBackend.Plain("db");
        await using var gateway = await TestGateway.StartAsync(
            Gateway(TlsPort(443, [], Route("db.example.com", TlsRouteModeIr.Passthrough, ("db", 1))), Ir.Cluster("db", backend.Port)),
            logLevel: LogLevel.Information);
        // A handshake record announcing a ClientHello of 1 MiB.
        byte[] huge = [22, 3, 1, 0x40, 0x00, 1, 0x10, 0x00, 0x00, .. new byte[0x4000 - 4]];

        Assert.Equal(0, await SendPlainAsync(gateway.DataPlane.BoundPorts[443], huge));

        await Wait.UntilAsync(() => ClientLines(gateway).Contains(
            $"Information: Client TLS handshake refused: client_hello_too_large: the ClientHello is larger than the {16 * 1024 + 5} bytes read to route it"),
            "the refusal was logged");
    }

    /// <summary>Sends bytes that are not TLS and returns how many bytes came back before the gateway closed.</summary>
    private static Task<int> SendPlainAsync(int port, string text) => SendPlainAsync(port, Encoding.ASCII.GetBytes(text));

    private static async Task<int> SendPlainAsync(int port, byte[] bytes)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(bytes);
        var total = 0;
        var buffer = new byte[1024];
        int read;
        while ((read = await stream.ReadAsync(buffer).AsTask().WaitAsync(Wait.Timeout)) > 0)
        {
            total += read;
        }
        return total;
    }

    private static List<string> ClientLines(TestGateway gateway) =>
        [.. gateway.Logs.Lines.Where(line => line.StartsWith("Information: Client ", StringComparison.Ordinal))];
}
