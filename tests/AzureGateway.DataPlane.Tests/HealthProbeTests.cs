using System.Diagnostics;
using System.Net;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.IR;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// Active health probes (AGC HealthCheckPolicy): an endpoint whose probe answers fall outside the healthy status codes
/// leaves the rotation and comes back when they pass; probes over TLS go the cluster's way, client certificate included.
/// The probe timer runs on the test's fake clock (<see cref="FakeClock"/>); the probes are real requests over real sockets.
/// </summary>
public sealed class HealthProbeTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    // The probe's and the connection's time limits run on the test's clock too: far enough that moving the clock on for
    // the probes never fires them.
    private static readonly TimeSpan NeverReached = TimeSpan.FromDays(1);

    private volatile bool _failing = true;

    private static HealthCheckIr Probes(bool useTls) => new()
    {
        Interval = Interval,
        Timeout = NeverReached,
        HealthyThreshold = 1,
        UnhealthyThreshold = 2,
        UseTls = useTls,
        Host = "probe.internal",
        Path = "/healthz",
        StatusCodes = new[] { new StatusCodeRangeIr(200, 299) },
        Source = "HealthCheckPolicy test/probes",
    };

    /// <summary>Answers 503 to <c>/healthz</c> while <see cref="_failing"/>, and 200 to everything else.</summary>
    private Task AnswerAsync(HttpContext context)
    {
        if (context.Request.Path == "/healthz" && _failing)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        }
        return context.Response.WriteAsync("answered", context.RequestAborted);
    }

    private static GatewayIr Serving(ClusterIr cluster) =>
        Ir.Gateway(Ir.HttpPort(8080, Ir.Host("*", Ir.Route("app", cluster.Name))), cluster);

    /// <summary>
    /// Moves the clock on one interval at a time until <paramref name="condition"/> holds, failing after
    /// <see cref="Wait.Timeout"/> of real time. Each move starts a round of probes, real requests answered in real time;
    /// the pause between moves lets most rounds finish, and a round still running when the next is due is not doubled,
    /// so moving on too soon only costs another round.
    /// </summary>
    private static async Task ProbeUntilAsync(FakeTimeProvider time, Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Wait.Timeout, $"probes did not lead to: {what}");
            time.Advance(Interval);
            await Task.Delay(50);
        }
    }

    private static int Probed(TestBackend backend) => backend.Requests.Count(r => r.PathAndQuery == "/healthz");

    [Fact]
    public async Task An_endpoint_answering_its_probes_with_an_unhealthy_status_leaves_the_rotation_and_comes_back_when_they_pass()
    {
        await using var steady = await TestBackend.StartAsync("steady");
        await using var flaky = await TestBackend.StartAsync("flaky", AnswerAsync);
        var time = FakeClock.StartingNow();
        var cluster = Ir.Cluster($"probed-{Guid.NewGuid():N}", steady.Port, flaky.Port) with { HealthCheck = Probes(useTls: false) };
        await using var gateway = await TestGateway.StartAsync(Serving(cluster), new DataPlaneOptions { TimeProvider = time, BackendConnectTimeout = NeverReached },
            Microsoft.Extensions.Logging.LogLevel.Information);
        using var client = gateway.Client(8080);

        await ProbeUntilAsync(time, () => EjectedEndpoints.Now(cluster.Name) == 1, "the flaky endpoint out of the rotation");

        Assert.True(Probed(flaky) >= 2, $"out after {Probed(flaky)} probe(s), the threshold being 2");
        var probe = flaky.Requests.First(r => r.PathAndQuery == "/healthz");
        Assert.Equal(("GET", "probe.internal", "AzureGateway-HealthProbe"), (probe.Method, probe.Host, probe.Header("User-Agent")));
        for (var i = 0; i < 30; i++)
        {
            using var response = await client.GetAsync("http://www.example.com/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("steady", response.Headers.GetValues("X-Served-By").Single());
        }
        Assert.Contains(gateway.Logs.Lines, line => line.StartsWith(
            $"Warning: Backend {cluster.Name} endpoint 127.0.0.1:{flaky.Port} leaves the rotation after 2 failed health probes in a row (HealthCheckPolicy test/probes): GET /healthz answered 503, outside 200-299",
            StringComparison.Ordinal));

        _failing = false;
        await ProbeUntilAsync(time, () => EjectedEndpoints.Now(cluster.Name) == 0, "the flaky endpoint back in the rotation");
        var servedBy = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            using var response = await client.GetAsync("http://www.example.com/");
            servedBy.Add(response.Headers.GetValues("X-Served-By").Single());
        }
        Assert.Equal(["flaky", "steady"], servedBy.Order());
    }

    [Fact]
    public async Task Probes_of_an_http2_cluster_over_tls_speak_http2_to_a_backend_that_speaks_nothing_else()
    {
        using var ca = CertificateAuthority.Create("Probe HTTP/2 CA");
        await using var backend = await AzureGateway.EchoBackend.EchoServer.StartAsync(new AzureGateway.EchoBackend.EchoServerOptions
        {
            ServerCertificate = ca.IssueServer(["backend.internal"]),
            TrustedClientCertificateAuthorities = [ca.Certificate],
            Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2,
        }, CancellationToken.None);
        var time = FakeClock.StartingNow();
        var tls = Ir.Tls("backend.internal", TestPki.Anchor(ca.Certificate), TestPki.KeyPair(ca.IssueClient("gateway-client")));
        var cluster = Ir.Cluster($"probed-h2-{Guid.NewGuid():N}", backend.Port, tls) with
        {
            Protocol = BackendProtocolIr.Http2,
            HealthCheck = Probes(useTls: true),
        };
        await using var gateway = await TestGateway.StartAsync(Serving(cluster), new DataPlaneOptions { TimeProvider = time, BackendConnectTimeout = NeverReached });

        await ProbeUntilAsync(time, () => backend.Requests.Count(r => r.Path == "/healthz") >= 2, "two probes answered");

        Assert.All(backend.Requests, probe => Assert.Equal(("HTTP/2", "CN=gateway-client"), (probe.HttpVersion, probe.ClientCertificateSubject)));
        Assert.Equal(0, EjectedEndpoints.Now(cluster.Name));
    }

    [Fact]
    public async Task Probes_over_tls_present_the_cluster_client_certificate_and_a_backend_failing_them_all_answers_503()
    {
        using var ca = CertificateAuthority.Create("Probe Test CA");
        await using var backend = await TestBackend.StartAsync("tls", AnswerAsync,
            serverCertificate: ca.IssueServer(["backend.internal"]), clientCa: ca.Certificate);
        var time = FakeClock.StartingNow();
        var tls = Ir.Tls("backend.internal", TestPki.Anchor(ca.Certificate), TestPki.KeyPair(ca.IssueClient("gateway-client")));
        var cluster = Ir.Cluster($"probed-tls-{Guid.NewGuid():N}", backend.Port, tls) with { HealthCheck = Probes(useTls: true) };
        await using var gateway = await TestGateway.StartAsync(Serving(cluster), new DataPlaneOptions { TimeProvider = time, BackendConnectTimeout = NeverReached });
        using var client = gateway.Client(8080);

        await ProbeUntilAsync(time, () => EjectedEndpoints.Now(cluster.Name) == 1, "the TLS endpoint out of the rotation");

        var probes = backend.Requests.Where(r => r.PathAndQuery == "/healthz").ToList();
        Assert.True(probes.Count >= 2, $"out after {probes.Count} probe(s) reached the backend, the threshold being 2");
        Assert.All(probes, probe => Assert.Equal(("CN=gateway-client", "probe.internal"), (probe.ClientCertificateSubject, probe.Host)));
        using var response = await client.GetAsync("http://www.example.com/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(Interval, response.Headers.RetryAfter?.Delta);
        Assert.DoesNotContain(backend.Requests, r => r.PathAndQuery == "/");
    }

    [Fact]
    public async Task Probes_stop_when_the_cluster_no_longer_has_them()
    {
        await using var backend = await TestBackend.StartAsync("once-probed", AnswerAsync);
        var time = FakeClock.StartingNow();
        var cluster = Ir.Cluster($"unprobed-{Guid.NewGuid():N}", backend.Port) with { HealthCheck = Probes(useTls: false) };
        await using var gateway = await TestGateway.StartAsync(Serving(cluster), new DataPlaneOptions { TimeProvider = time, BackendConnectTimeout = NeverReached });
        await ProbeUntilAsync(time, () => EjectedEndpoints.Now(cluster.Name) == 1, "the endpoint out of the rotation");

        await gateway.ApplyAsync(Serving(cluster with { HealthCheck = null }));
        var probed = Probed(backend);
        for (var i = 0; i < 5; i++)
        {
            time.Advance(Interval);
        }
        // Asserting that no probe is sent: no event marks one not sent, so probes that should not run get a moment to arrive.
        await Task.Delay(200);

        Assert.Equal(probed, Probed(backend));
        using var client = gateway.Client(8080);
        using var response = await client.GetAsync("http://www.example.com/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
