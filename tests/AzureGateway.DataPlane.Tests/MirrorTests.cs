using System.Net;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.IR;
using Microsoft.AspNetCore.Http;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// Request mirrors: copies go to the mirror clusters (over mTLS for an mTLS cluster), edited as the backend's
/// request is, sampled by fraction; their answers and failures never reach the client.
/// </summary>
public sealed class MirrorTests : IAsyncLifetime
{
    private readonly CertificateAuthority _ca = CertificateAuthority.Create("Mirror Test CA");
    private TestBackend _backend = null!;
    private TestBackend _mirror = null!;
    private TestBackend _secureMirror = null!;

    public async Task InitializeAsync()
    {
        _backend = await TestBackend.StartAsync("app");
        // A mirror whose answer is slow and an error: neither may show in the client's answer.
        _mirror = await TestBackend.StartAsync("mirror", async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        });
        _secureMirror = await TestBackend.StartAsync("secure-mirror", serverCertificate: _ca.IssueServer(["mirror.internal"]), clientCa: _ca.Certificate);
    }

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        await _mirror.DisposeAsync();
        await _secureMirror.DisposeAsync();
        _ca.Dispose();
    }

    private GatewayIr Serving(params MirrorIr[] mirrors) => Ir.Gateway(
        Ir.HttpPort(8080, Ir.Host("*", Ir.Route("mirrored", "app", r => r with
        {
            Filters = new HttpFiltersIr
            {
                Mirrors = mirrors,
                RequestHeaders = new HeaderModifierIr { Set = new[] { new HeaderValueIr { Name = "X-Edited", Value = "yes" } } },
            },
        }))),
        Ir.Cluster("app", _backend.Port),
        Ir.Cluster("mirror", _mirror.Port),
        Ir.Cluster("secure-mirror", _secureMirror.Port, Ir.Tls("mirror.internal", TestPki.Anchor(_ca.Certificate), TestPki.KeyPair(_ca.IssueClient("gateway-client")))),
        Ir.Cluster("nowhere", 1));

    [Fact]
    public async Task Every_mirror_gets_a_copy_with_its_body_and_the_client_gets_only_the_backend_answer()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(new MirrorIr { Cluster = "mirror" }, new MirrorIr { Cluster = "secure-mirror" }));
        using var client = gateway.Client(8080);

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "http://www.example.com/orders?id=7")
        {
            Content = new StringContent("{\"item\":42}"),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("served by app", await response.Content.ReadAsStringAsync());
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(4), "the client waited for the slow mirror");
        await Wait.UntilAsync(() => _mirror.Requests.Count == 1 && _secureMirror.Requests.Count == 1, "both mirrors got their copy");
        foreach (var copy in new[] { _mirror.Last, _secureMirror.Last })
        {
            Assert.Equal("POST", copy.Method);
            Assert.Equal("/orders?id=7", copy.PathAndQuery);
            Assert.Equal("www.example.com", copy.Host);
            Assert.Equal("yes", copy.Header("X-Edited"));
            Assert.Equal(11, copy.BodyBytes);
        }
        Assert.Equal("CN=gateway-client", _secureMirror.Last.ClientCertificateSubject);
        Assert.Equal(11, _backend.Last.BodyBytes);
    }

    [Fact]
    public async Task Mirrors_are_sampled_by_their_fraction()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(
            new MirrorIr { Cluster = "mirror", Numerator = 0, Denominator = 100 },
            new MirrorIr { Cluster = "secure-mirror", Numerator = 1, Denominator = 1 }));
        using var client = gateway.Client(8080);

        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync("http://www.example.com/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Wait.UntilAsync(() => _secureMirror.Requests.Count == 5, "every request was mirrored at 1/1");
        Assert.Empty(_mirror.Requests);
    }

    [Fact]
    public async Task A_mirror_that_cannot_be_reached_fails_neither_the_request_nor_silently()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(new MirrorIr { Cluster = "nowhere" }));
        using var client = gateway.Client(8080);

        using var response = await client.GetAsync("http://www.example.com/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Wait.UntilAsync(() => gateway.Logs.Lines.Count > 0, "the mirror failure was logged");
        var line = Assert.Single(gateway.Logs.Lines);
        Assert.Contains("mirror cluster nowhere", line);
        Assert.Contains("refused", line);
    }
}
