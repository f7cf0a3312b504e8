using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.EchoBackend;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// Listeners sharing an HTTPS port: a request whose Host belongs to another listener than the one its TLS server
/// name (SNI) chose is answered 421, whether or not the two listeners share a certificate, and a request reaches only
/// the routes of the listener it belongs to. One certificate serves every listener here, as a certificate for all
/// of them lets a client reuse one connection for all of them. Each listener's routes go to their own cluster, and
/// the backend's SNI tells which cluster served.
/// </summary>
public sealed class ListenerSelectionTests : IAsyncLifetime
{
    private readonly CertificateAuthority _ca = CertificateAuthority.Create("Listener Selection Test CA");
    private EchoServer _backend = null!;

    public async Task InitializeAsync() => _backend = await EchoServer.StartAsync(
        new EchoServerOptions { ServerCertificate = _ca.IssueServer(["*.routes.internal"]) }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        _ca.Dispose();
    }

    /// <summary>
    /// Listeners "*" (with a route for main.example.org only), second.example.org, *.wild.example.org and
    /// fixed.wild.example.org, as translation gives them: clusters main, second, wild and fixed.
    /// </summary>
    private Task<TestGateway> ServeFourListenersAsync()
    {
        var certificate = TestPki.KeyPair(_ca.IssueServer(["*.example.org", "*.wild.example.org"]));
        var port = Ir.HttpsPort(443, [Ir.ServerCertificate(null, certificate)],
            Ir.Host("main.example.org", Ir.Route("main", "main")),
            Ir.Host("second.example.org", Ir.Route("second", "second")),
            Ir.Host("fixed.wild.example.org", Ir.Route("fixed", "fixed")),
            Ir.Host("*.wild.example.org", Ir.Route("wild", "wild"))) with
        {
            ListenerHostnames = new[] { "fixed.wild.example.org", "second.example.org", "*.wild.example.org", "*" },
        };
        var clusters = new[] { "main", "second", "wild", "fixed" }
            .Select(id => Ir.Cluster(id, _backend.Port, Ir.Tls($"{id}.routes.internal", TestPki.Anchor(_ca.Certificate))))
            .ToArray();
        return TestGateway.StartAsync(Ir.Gateway(port, clusters));
    }

    [Theory]
    [InlineData("main.example.org", "main.example.org", "main")]
    [InlineData("main.example.org", "second.example.org", "421")]
    [InlineData("main.example.org", "unknown.example.org", "404")]
    [InlineData("second.example.org", "second.example.org", "second")]
    [InlineData("SECOND.example.org", "second.example.org", "second")]
    [InlineData("second.example.org", "main.example.org", "421")]
    [InlineData("second.example.org", "unknown.example.org", "421")]
    [InlineData("a.wild.example.org", "b.wild.example.org", "wild")]
    [InlineData("a.wild.example.org", "fixed.wild.example.org", "421")]
    [InlineData("a.wild.example.org", "second.example.org", "421")]
    [InlineData("a.wild.example.org", "main.example.org", "421")]
    [InlineData("fixed.wild.example.org", "fixed.wild.example.org", "fixed")]
    [InlineData("fixed.wild.example.org", "b.wild.example.org", "421")]
    [InlineData("unknown.example.org", "main.example.org", "main")]
    [InlineData("unknown.example.org", "unknown.example.org", "404")]
    public async Task Host_of_another_listener_than_the_server_name_chose_is_answered_421(string serverName, string host, string expected)
    {
        await using var gateway = await ServeFourListenersAsync();
        using var client = SniClient(gateway.DataPlane.BoundPorts[443], serverName);

        Assert.Equal(expected, await ServedByAsync(client, host));
    }

    [Fact]
    public async Task A_reused_connection_gets_421_for_another_listener_and_keeps_serving_its_own()
    {
        await using var gateway = await ServeFourListenersAsync();
        var connections = 0;
        using var client = SniClient(gateway.DataPlane.BoundPorts[443], "a.wild.example.org", () => connections++);

        Assert.Equal("wild", await ServedByAsync(client, "a.wild.example.org"));
        Assert.Equal("421", await ServedByAsync(client, "second.example.org"));
        Assert.Equal("wild", await ServedByAsync(client, "c.wild.example.org"));
        Assert.Equal(1, connections);
    }

    [Fact]
    public async Task Http2_clients_whose_server_name_and_host_agree_are_served()
    {
        await using var gateway = await ServeFourListenersAsync();
        using var client = gateway.Client(443, HttpVersion.Version20);

        using var response = await client.GetAsync("https://second.example.org/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Fact]
    public async Task A_connection_without_server_name_is_routed_by_the_host_alone()
    {
        await using var gateway = await ServeFourListenersAsync();
        using var client = SniClient(gateway.DataPlane.BoundPorts[443], null);

        Assert.Equal("second", await ServedByAsync(client, "second.example.org"));
        Assert.Equal("main", await ServedByAsync(client, "main.example.org"));
    }

    [Fact]
    public async Task A_nested_listener_without_routes_answers_404_instead_of_the_wider_listeners_routes()
    {
        // As translation gives an HTTP port with listeners "*.example.org" (routes) and "quiet.example.org" (none).
        var port = Ir.HttpPort(80,
            Ir.Host("quiet.example.org"),
            Ir.Host("*.example.org", Ir.Route("wide", "wide")));
        await using var gateway = await TestGateway.StartAsync(Ir.Gateway(port,
            Ir.Cluster("wide", _backend.Port, Ir.Tls("wide.routes.internal", TestPki.Anchor(_ca.Certificate)))));
        using var client = gateway.Client(80);

        using var quiet = await client.GetAsync("http://quiet.example.org/");
        using var loud = await client.GetAsync("http://loud.example.org/");

        Assert.Equal(HttpStatusCode.NotFound, quiet.StatusCode);
        Assert.Equal(HttpStatusCode.OK, loud.StatusCode);
    }

    /// <summary>
    /// An HTTP/1.1 client whose connections present <paramref name="serverName"/> as SNI (none when null) whatever
    /// the Host of its requests: it opens TLS itself and gives the handler the open stream, so URLs are written
    /// http://. (The handler's own TLS takes the SNI from the Host, and over HTTP/2 the "http" scheme would be
    /// refused on a TLS connection; the check does not depend on the HTTP version.)
    /// </summary>
    private static HttpClient SniClient(int port, string? serverName, Action? connected = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                connected?.Invoke();
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
                var tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
                try
                {
                    await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                    {
                        TargetHost = serverName,
                        ApplicationProtocols = [SslApplicationProtocol.Http11],
                        RemoteCertificateValidationCallback = (_, _, _, _) => true,
                    }, cancellationToken);
                    return tls;
                }
                catch
                {
                    await tls.DisposeAsync();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The cluster that served a GET for <paramref name="host"/>, or the status code when it was not 200.</summary>
    private static async Task<string> ServedByAsync(HttpClient client, string host)
    {
        // One URL for every host, so that the handler keeps a single pool and reuses its connection.
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://gateway.test/");
        request.Headers.Host = host;
        using var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        }
        var echo = System.Text.Json.JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), EchoJsonContext.Default.EchoResponse)!;
        return echo.Sni!.Split('.')[0];
    }
}
