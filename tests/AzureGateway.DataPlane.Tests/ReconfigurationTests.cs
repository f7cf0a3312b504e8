using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.EchoBackend;
using AzureGateway.IR;
using Microsoft.Extensions.Logging.Testing;

namespace AzureGateway.DataPlane.Tests;

/// <summary><see cref="GatewayDataPlane.ApplyAsync"/> while traffic flows: nothing in flight breaks.</summary>
public sealed class ReconfigurationTests : IAsyncLifetime
{
    private const string BackendName = "backend.internal";

    private readonly CertificateAuthority _ca = CertificateAuthority.Create("Reconfiguration Test CA");
    private EchoServer _backend = null!;

    public async Task InitializeAsync() => _backend = await EchoServer.StartAsync(new EchoServerOptions
    {
        ServerCertificate = _ca.IssueServer([BackendName]),
        TrustedClientCertificateAuthorities = [_ca.Certificate],
    }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        _ca.Dispose();
    }

    private CertificateIr ClientCertificate(string name) => TestPki.KeyPair(_ca.IssueClient(name));

    private GatewayIr Serving(CertificateIr clientCertificate, string pathPrefix = "/", params int[] ports) => new()
    {
        Ports = (ports.Length == 0 ? [80] : ports)
            .Select(p => Ir.HttpPort(p, Ir.Host("*", Ir.Route("route", new RouteMatchIr { Path = new PathMatchIr { Type = PathMatchType.PathPrefix, Value = pathPrefix } }, ("backend", 1)))))
            .ToArray(),
        Clusters = new[] { Ir.Cluster("backend", _backend.Port, Ir.Tls(BackendName, TestPki.Anchor(_ca.Certificate), clientCertificate)) },
    };

    [Fact]
    public async Task Rotating_the_client_certificate_under_load_fails_no_request_and_the_backend_then_sees_the_new_one()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(ClientCertificate("client-before")));
        using var stop = new CancellationTokenSource();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var seen = Enumerable.Range(0, 4).Select(_ => new System.Collections.Concurrent.ConcurrentQueue<string>()).ToArray();
        var senders = seen.Select(subjects => Task.Run(async () =>
        {
            using var client = gateway.Client(80);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    subjects.Enqueue((await client.EchoAsync("http://example.com/")).ClientCertificateSubject!);
                }
                catch (Exception e)
                {
                    failures.Enqueue(e.Message);
                }
            }
        })).ToList();

        await Wait.UntilAsync(() => seen.All(s => s.Count >= 5), "every sender has been served");
        await gateway.ApplyAsync(Serving(ClientCertificate("client-after")));
        await Wait.UntilAsync(() => seen.All(s => s.Count(subject => subject == "CN=client-after") >= 5), "every sender sees the new certificate");
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        Assert.Empty(failures);
        foreach (var subjects in seen)
        {
            // Each sender's requests are sequential: once one was served with the new certificate, all later ones are.
            var sequence = subjects.ToList();
            var firstAfter = sequence.IndexOf("CN=client-after");
            Assert.All(sequence.Take(firstAfter), subject => Assert.Equal("CN=client-before", subject));
            Assert.All(sequence.Skip(firstAfter), subject => Assert.Equal("CN=client-after", subject));
        }
    }

    [Fact]
    public async Task Request_in_flight_during_apply_completes_on_the_settings_it_started_with()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(ClientCertificate("client-before"), "/upload"));
        using var client = gateway.Client(80);
        var body = new TwoPartContent(1000, 500);
        var sending = client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "http://example.com/upload") { Content = body });
        await Wait.UntilAsync(() => _backend.ConnectionCount == 1, "the request reached the backend");

        await gateway.ApplyAsync(Serving(ClientCertificate("client-after"), "/elsewhere"));
        body.SendRest();
        using var response = await sending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), EchoJsonContext.Default.EchoResponse)!;
        Assert.Equal("CN=client-before", echo.ClientCertificateSubject);
        Assert.Equal(1500, echo.BodyBytes);
        using var later = await client.GetAsync("http://example.com/upload");
        Assert.Equal(HttpStatusCode.NotFound, later.StatusCode);
    }

    [Fact]
    public async Task Ports_added_and_removed_by_apply_open_and_close_without_disturbing_the_others()
    {
        var certificate = ClientCertificate("client");
        await using var gateway = await TestGateway.StartAsync(Serving(certificate, "/", 8080));
        using var first = gateway.Client(8080);
        await first.EchoAsync("http://example.com/");

        await gateway.ApplyAsync(Serving(certificate, "/", 8080, 8081));
        using var second = gateway.Client(8081);
        await second.EchoAsync("http://example.com/");
        await first.EchoAsync("http://example.com/");
        var closedPort = gateway.DataPlane.BoundPorts[8080];

        await gateway.ApplyAsync(Serving(certificate, "/", 8081));
        await second.EchoAsync("http://example.com/");

        Assert.Equal(1, first.Connections);
        Assert.Equal(1, second.Connections);
        Assert.Equal([8081], gateway.DataPlane.BoundPorts.Keys);
        using var refused = new TcpClient();
        var error = await Assert.ThrowsAsync<SocketException>(() => refused.ConnectAsync(IPAddress.Loopback, closedPort));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    [Fact]
    public async Task Port_already_in_use_is_reported_and_bound_by_a_later_apply_once_free()
    {
        var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var taken = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var logs = new FakeLogCollector();
        using var loggerFactory = GatewayLogs.Into(logs);
        await using var dataPlane = await GatewayDataPlane.StartAsync(
            new DataPlaneOptions { ListenAddress = IPAddress.Loopback, PortOffset = taken - 1 }, loggerFactory, CancellationToken.None);
        var ir = Serving(ClientCertificate("client"), "/", 1);

        await dataPlane.ApplyAsync(ir, CancellationToken.None);
        Assert.Empty(dataPlane.BoundPorts);
        Assert.Contains($"127.0.0.1:{taken}", dataPlane.PortErrors[1], StringComparison.Ordinal);
        Assert.Contains(logs.Lines, line => line.StartsWith("Error: Port 1 is not served", StringComparison.Ordinal));

        occupant.Stop();
        await dataPlane.ApplyAsync(ir, CancellationToken.None);

        Assert.Equal(taken, dataPlane.BoundPorts[1]);
        Assert.Empty(dataPlane.PortErrors);
        using var client = new TestClient(taken);
        await client.EchoAsync("http://example.com/");
    }
}
