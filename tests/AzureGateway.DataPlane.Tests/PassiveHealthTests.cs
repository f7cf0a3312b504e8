using System.Net;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.EchoBackend;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// Passive health: an endpoint whose connections fail leaves the rotation, the backend's other endpoints serve every
/// request meanwhile, a backend with none left answers 503 with Retry-After, and an endpoint that answers again comes
/// back. Dead endpoints are real ports that refuse, or real TLS servers the gateway does not trust.
/// </summary>
public sealed class PassiveHealthTests
{
    private const string Url = "http://www.example.com/";

    private static GatewayIr Serving(string cluster, params int[] ports) =>
        Ir.Gateway(Ir.HttpPort(8080, Ir.Host("*", Ir.Route("app", cluster))), Ir.Cluster(cluster, ports));

    private static async Task<(HttpStatusCode Status, string? ServedBy)> GetAsync(TestClient client, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.Headers.TryGetValues("X-Served-By", out var servedBy) ? servedBy.Single() : null);
    }

    [Fact]
    public async Task After_a_dead_endpoint_of_three_is_ejected_no_request_fails()
    {
        await using var first = await TestBackend.StartAsync("first");
        await using var second = await TestBackend.StartAsync("second");
        using var dead = new ClosedPort();
        var cluster = $"app-{Guid.NewGuid():N}";
        await using var gateway = await TestGateway.StartAsync(Serving(cluster, first.Port, dead.Number, second.Port));
        using var client = gateway.Client(8080);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 90; i++)
        {
            statuses.Add((await GetAsync(client)).Status);
        }

        // The default threshold: three refused connections, then the dead endpoint gets no more requests.
        Assert.Equal(3, statuses.Count(status => status == HttpStatusCode.BadGateway));
        var lastFailure = statuses.LastIndexOf(HttpStatusCode.BadGateway);
        Assert.All(statuses.Skip(lastFailure + 1), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.True(statuses.Count - lastFailure > 30, $"the third failure came at request {lastFailure + 1}");
        Assert.Contains(gateway.Logs.Lines, line => line.StartsWith(
            $"Warning: Backend {cluster} endpoint 127.0.0.1:{dead.Number} leaves the rotation for 30 s after 3 failed connections in a row: ConnectionRefused:",
            StringComparison.Ordinal));
        Assert.Equal(1, EjectedEndpoints.Now(cluster));
    }

    [Fact]
    public async Task An_endpoint_failing_its_tls_handshake_is_ejected_and_the_others_serve()
    {
        using var ca = CertificateAuthority.Create("Health Test CA");
        using var otherCa = CertificateAuthority.Create("Untrusted Test CA");
        await using var good = await EchoServer.StartAsync(new EchoServerOptions { ServerCertificate = ca.IssueServer(["backend.internal"]) }, CancellationToken.None);
        await using var untrusted = await EchoServer.StartAsync(new EchoServerOptions { ServerCertificate = otherCa.IssueServer(["backend.internal"]) }, CancellationToken.None);
        var cluster = $"tls-{Guid.NewGuid():N}";
        var ir = Ir.Gateway(Ir.HttpPort(8080, Ir.Host("*", Ir.Route("app", cluster))), new ClusterIr
        {
            Name = cluster,
            Endpoints = new[] { new EndpointIr { Host = "127.0.0.1", Port = good.Port }, new EndpointIr { Host = "127.0.0.1", Port = untrusted.Port } },
            Tls = Ir.Tls("backend.internal", TestPki.Anchor(ca.Certificate)),
        });
        await using var gateway = await TestGateway.StartAsync(ir, new DataPlaneOptions { EndpointEjectionThreshold = 1 });
        using var client = gateway.Client(8080);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            statuses.Add((await GetAsync(client)).Status);
        }

        Assert.True(statuses.Count(status => status == HttpStatusCode.BadGateway) <= 1, string.Join(", ", statuses));
        Assert.Contains(gateway.Logs.Lines, line => line.Contains($"endpoint 127.0.0.1:{untrusted.Port} leaves the rotation", StringComparison.Ordinal)
            && line.Contains("UntrustedCa", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_backend_whose_endpoints_are_all_ejected_answers_503_with_retry_after_and_says_so_once()
    {
        using var deadA = new ClosedPort();
        using var deadB = new ClosedPort();
        var cluster = $"dead-{Guid.NewGuid():N}";
        await using var gateway = await TestGateway.StartAsync(Serving(cluster, deadA.Number, deadB.Number),
            new DataPlaneOptions { EndpointEjectionThreshold = 1, EndpointEjectionDuration = TimeSpan.FromSeconds(20) });
        using var client = gateway.Client(8080);

        Assert.Equal(HttpStatusCode.BadGateway, (await GetAsync(client)).Status);
        Assert.Equal(HttpStatusCode.BadGateway, (await GetAsync(client)).Status);
        for (var i = 0; i < 20; i++)
        {
            using var response = await client.GetAsync(Url);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var retryAfter = response.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        }

        Assert.Single(gateway.Logs.Lines, $"Warning: Backend {cluster} has no endpoint in rotation: its requests are answered 503 until one is healthy again");
        Assert.Equal(2, EjectedEndpoints.Now(cluster));
    }

    [Fact]
    public async Task A_backend_with_no_endpoint_in_rotation_gives_its_share_to_the_other_backends_of_the_route()
    {
        await using var live = await TestBackend.StartAsync("live");
        using var dead = new ClosedPort();
        var (liveCluster, deadCluster) = ($"live-{Guid.NewGuid():N}", $"dead-{Guid.NewGuid():N}");
        var ir = Ir.Gateway(Ir.HttpPort(8080, Ir.Host("*", Ir.Route("split", new RouteMatchIr(), (liveCluster, 1), (deadCluster, 1)))),
            Ir.Cluster(liveCluster, live.Port), Ir.Cluster(deadCluster, dead.Number));
        await using var gateway = await TestGateway.StartAsync(ir, new DataPlaneOptions { EndpointEjectionThreshold = 1 });
        using var client = gateway.Client(8080);
        await EjectAsync(client, dead.Number);

        for (var i = 0; i < 30; i++)
        {
            Assert.Equal((HttpStatusCode.OK, "live"), await GetAsync(client));
        }
    }

    [Fact]
    public async Task An_ejected_endpoint_comes_back_once_it_answers_and_not_before_its_time_is_up()
    {
        await using var live = await TestBackend.StartAsync("live");
        await using var revived = new SwitchableEndpoint("revived");
        var clock = FakeClock.StartingNow();
        var cluster = $"app-{Guid.NewGuid():N}";
        await using var gateway = await TestGateway.StartAsync(Serving(cluster, live.Port, revived.Port),
            new DataPlaneOptions { EndpointEjectionThreshold = 1, TimeProvider = clock }, Microsoft.Extensions.Logging.LogLevel.Information);
        using var client = gateway.Client(8080);
        await EjectAsync(client, revived.Port);

        revived.Answer();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal((HttpStatusCode.OK, "live"), await GetAsync(client));
        }

        clock.Advance(TimeSpan.FromSeconds(31));
        // The request that finds the ejection over goes to a healthy endpoint; a trial connection goes to the ejected one.
        Assert.Equal((HttpStatusCode.OK, "live"), await GetAsync(client));
        await Wait.UntilAsync(() => EjectedEndpoints.Now(cluster) == 0, "the revived endpoint to come back");
        var servedBy = new HashSet<string?>();
        for (var i = 0; i < 40; i++)
        {
            var (status, by) = await GetAsync(client);
            Assert.Equal(HttpStatusCode.OK, status);
            servedBy.Add(by);
        }
        Assert.Equal(["live", "revived"], servedBy.Order());
        Assert.Contains($"Information: Backend {cluster} endpoint 127.0.0.1:{revived.Port} connects again and is back in the rotation", gateway.Logs.Lines);
    }

    [Fact]
    public async Task An_endpoint_whose_trial_fails_stays_out_for_another_period()
    {
        await using var live = await TestBackend.StartAsync("live");
        using var dead = new ClosedPort();
        var clock = FakeClock.StartingNow();
        var cluster = $"app-{Guid.NewGuid():N}";
        await using var gateway = await TestGateway.StartAsync(Serving(cluster, live.Port, dead.Number),
            new DataPlaneOptions { EndpointEjectionThreshold = 1, TimeProvider = clock });
        using var client = gateway.Client(8080);
        await EjectAsync(client, dead.Number);

        clock.Advance(TimeSpan.FromSeconds(31));
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal((HttpStatusCode.OK, "live"), await GetAsync(client));
        }

        Assert.Equal(1, EjectedEndpoints.Now(cluster));
    }

    [Fact]
    public async Task Session_affinity_to_an_ejected_endpoint_falls_back_to_a_healthy_one_and_reissues_the_cookie()
    {
        await using var stays = await TestBackend.StartAsync("stays");
        await using var fails = new SwitchableEndpoint("fails");
        fails.Answer();
        var cluster = $"sticky-{Guid.NewGuid():N}";
        var affinity = new SessionAffinityIr { Type = SessionAffinityType.ManagedCookie, CookieName = "AGCAffinity" };
        var ir = Ir.Gateway(Ir.HttpPort(8080, Ir.Host("*", Ir.Route("app", cluster, r => r with { SessionAffinity = affinity }))),
            Ir.Cluster(cluster, stays.Port, fails.Port));
        await using var gateway = await TestGateway.StartAsync(ir, new DataPlaneOptions { EndpointEjectionThreshold = 1 });
        using var client = gateway.Client(8080);
        string? cookie = null;
        for (var i = 0; i < 50 && cookie is null; i++)
        {
            using var response = await client.GetAsync(Url);
            if (response.Headers.GetValues("X-Served-By").Single() == "fails")
            {
                cookie = response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
            }
        }
        Assert.NotNull(cookie);

        await fails.RefuseAsync();
        // The kept connection is closed; the next one is refused, and the endpoint leaves.
        Assert.NotEqual(HttpStatusCode.OK, (await GetAsync(client, cookie)).Status);

        using var request = new HttpRequestMessage(HttpMethod.Get, Url);
        request.Headers.Add("Cookie", cookie);
        using var fallback = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, fallback.StatusCode);
        Assert.Equal("stays", fallback.Headers.GetValues("X-Served-By").Single());
        var reissued = fallback.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        Assert.NotEqual(cookie, reissued);
        Assert.Equal((HttpStatusCode.OK, "stays"), await GetAsync(client, reissued));
    }

    /// <summary>Sends requests until one goes to <paramref name="port"/> and fails, ejecting it (the threshold being 1).</summary>
    private static async Task EjectAsync(TestClient client, int port)
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await GetAsync(client)).Status == HttpStatusCode.BadGateway)
            {
                return;
            }
        }
        Assert.Fail($"no request went to the endpoint on port {port}");
    }
}
