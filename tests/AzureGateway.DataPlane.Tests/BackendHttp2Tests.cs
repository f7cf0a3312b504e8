using System.Net;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.EchoBackend;
using AzureGateway.IR;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// The HTTP version spoken to a backend over mutual TLS, by the cluster's protocol: what ALPN offers, what the backend
/// sees, how streams share pooled connections, and what happens when the backend speaks something else.
/// </summary>
public sealed class BackendHttp2Tests : IAsyncLifetime
{
    private const string BackendName = "backend.internal";

    private readonly CertificateAuthority _ca = CertificateAuthority.Create("HTTP/2 Backend CA");
    private readonly CertificateAuthority _frontendCa = CertificateAuthority.Create("HTTP/2 Frontend CA");
    private CertificateIr _clientCertificate = null!;
    private CertificateIr _frontendCertificate = null!;

    public Task InitializeAsync()
    {
        _clientCertificate = TestPki.KeyPair(_ca.IssueClient("gateway-client"));
        _frontendCertificate = TestPki.KeyPair(_frontendCa.IssueServer(["www.example.com"]));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _ca.Dispose();
        _frontendCa.Dispose();
        return Task.CompletedTask;
    }

    private Task<EchoServer> StartBackendAsync(HttpProtocols? protocols = null, bool tls = true) => EchoServer.StartAsync(new EchoServerOptions
    {
        ServerCertificate = tls ? _ca.IssueServer([BackendName]) : null,
        TrustedClientCertificateAuthorities = tls ? [_ca.Certificate] : null,
        Protocols = protocols,
    }, CancellationToken.None);

    private GatewayIr Serving(EchoServer backend, BackendProtocolIr protocol, bool tls = true) => Ir.Gateway(
        Ir.HttpsPort(443, [Ir.ServerCertificate("www.example.com", _frontendCertificate)],
            Ir.Host("www.example.com", Ir.Route("route", "backend"))),
        Ir.Cluster("backend", backend.Port, tls ? Ir.Tls(BackendName, TestPki.Anchor(_ca.Certificate), _clientCertificate) : null) with
        {
            Protocol = protocol,
        });

    [Fact]
    public async Task Http2_cluster_speaks_h2_to_the_backend_with_the_client_certificate_and_sni()
    {
        await using var backend = await StartBackendAsync();
        await using var gateway = await TestGateway.StartAsync(Serving(backend, BackendProtocolIr.Http2));
        using var client = gateway.Client(443);

        var echo = await client.EchoAsync("https://www.example.com/hello");

        Assert.Equal("h2", echo.Alpn);
        Assert.Equal("HTTP/2", echo.HttpVersion);
        Assert.Equal("CN=gateway-client", echo.ClientCertificateSubject);
        Assert.Equal(BackendName, echo.Sni);
        Assert.Equal("www.example.com", echo.Host);
        Assert.Empty(gateway.Logs.Lines);
    }

    [Fact]
    public async Task Http11_cluster_offers_only_http11_to_a_backend_that_speaks_both()
    {
        await using var backend = await StartBackendAsync();
        await using var gateway = await TestGateway.StartAsync(Serving(backend, BackendProtocolIr.Http11));
        using var client = gateway.Client(443, HttpVersion.Version20);

        var echo = await client.EchoAsync("https://www.example.com/");

        Assert.Equal("http/1.1", echo.Alpn);
        Assert.Equal("HTTP/1.1", echo.HttpVersion);
    }

    [Fact]
    public async Task Concurrent_requests_to_an_http2_backend_are_streams_on_one_pooled_connection()
    {
        await using var backend = await StartBackendAsync();
        await using var gateway = await TestGateway.StartAsync(Serving(backend, BackendProtocolIr.Http2));
        var clients = Enumerable.Range(0, 8).Select(_ => gateway.Client(443)).ToList();
        try
        {
            // Each answer waits, so the requests are in flight together: HTTP/1.1 would need a connection for each.
            await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, "https://www.example.com/");
                request.Headers.Add("x-echo-delay-ms", "300");
                return clients[i % clients.Count].EchoAsync("https://www.example.com/", request);
            }));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        Assert.Equal(1, backend.ConnectionCount);
        Assert.Equal(40, backend.Requests.Count(r => r.HttpVersion == "HTTP/2"));
    }

    [Fact]
    public async Task A_pooled_backend_connection_idle_past_the_idle_timeout_is_closed()
    {
        await using var backend = await StartBackendAsync();
        await using var gateway = await TestGateway.StartAsync(Serving(backend, BackendProtocolIr.Http2),
            new DataPlaneOptions { BackendConnectionIdleTimeout = TimeSpan.FromMilliseconds(200) });
        using var client = gateway.Client(443);

        await client.EchoAsync("https://www.example.com/");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await client.EchoAsync("https://www.example.com/");

        Assert.Equal(2, backend.ConnectionCount);
    }

    [Fact]
    public void The_idle_timeout_must_be_positive()
    {
        var problems = DataPlaneOptionsValidation.Problems(new DataPlaneOptions { BackendConnectionIdleTimeout = TimeSpan.Zero });

        Assert.Equal("DataPlane:BackendConnectionIdleTimeout must be positive", Assert.Single(problems));
    }

    [Fact]
    public async Task A_mirror_to_an_http2_only_backend_gets_its_copy_in_http2()
    {
        await using var backend = await StartBackendAsync();
        await using var mirror = await StartBackendAsync(HttpProtocols.Http2);
        var tls = Ir.Tls(BackendName, TestPki.Anchor(_ca.Certificate), _clientCertificate);
        var ir = Ir.Gateway(
            Ir.HttpsPort(443, [Ir.ServerCertificate("www.example.com", _frontendCertificate)],
                Ir.Host("www.example.com", Ir.Route("route", "backend", r => r with
                {
                    Filters = new HttpFiltersIr { Mirrors = new[] { new MirrorIr { Cluster = "mirror" } } },
                }))),
            Ir.Cluster("backend", backend.Port, tls),
            Ir.Cluster("mirror", mirror.Port, tls) with { Protocol = BackendProtocolIr.Http2 });
        await using var gateway = await TestGateway.StartAsync(ir);
        using var client = gateway.Client(443);

        await client.EchoAsync("https://www.example.com/mirrored");

        await Wait.UntilAsync(() => mirror.Requests.Count == 1, "the mirror gets its copy");
        Assert.Equal("HTTP/2", mirror.Requests[0].HttpVersion);
        Assert.Equal("/mirrored", mirror.Requests[0].Path);
        Assert.Empty(gateway.Logs.Lines);
    }

    [Fact]
    public async Task Negotiated_cluster_speaks_h2_to_a_backend_that_chooses_it()
    {
        await using var backend = await StartBackendAsync();
        await using var gateway = await TestGateway.StartAsync(Serving(backend, BackendProtocolIr.Negotiated));
        using var client = gateway.Client(443);

        var echo = await client.EchoAsync("https://www.example.com/");

        Assert.Equal("h2", echo.Alpn);
        Assert.Equal("HTTP/2", echo.HttpVersion);
    }

    [Fact]
    public async Task Negotiated_cluster_falls_back_to_http11_with_a_backend_that_speaks_only_http11()
    {
        await using var backend = await StartBackendAsync(HttpProtocols.Http1);
        await using var gateway = await TestGateway.StartAsync(Serving(backend, BackendProtocolIr.Negotiated));
        using var client = gateway.Client(443);

        for (var i = 0; i < 5; i++)
        {
            var echo = await client.EchoAsync("https://www.example.com/");
            Assert.Equal("http/1.1", echo.Alpn);
            Assert.Equal("CN=gateway-client", echo.ClientCertificateSubject);
        }

        // The connection offered for HTTP/2, where the backend chose HTTP/1.1, serves every request in HTTP/1.1.
        Assert.Equal(1, backend.ConnectionCount);
        Assert.Equal(5, backend.Requests.Count);
        Assert.Empty(gateway.Logs.Lines);
    }

    [Fact]
    public async Task Http2_cluster_with_a_backend_that_speaks_only_http11_answers_502_and_logs_it_once()
    {
        await using var backend = await StartBackendAsync(HttpProtocols.Http1);
        // Passive health off: the endpoint stays in rotation, so every request meets the refusal.
        await using var gateway = await TestGateway.StartAsync(Serving(backend, BackendProtocolIr.Http2),
            new DataPlaneOptions { EndpointEjectionThreshold = 0 });
        using var client = gateway.Client(443);

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync("https://www.example.com/");
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        }

        Assert.Empty(backend.Requests);
        var line = Assert.Single(gateway.Logs.Lines);
        Assert.True(line.Contains("TlsHandshake", StringComparison.Ordinal) && line.Contains("application protocol", StringComparison.Ordinal), line);
    }

    [Fact]
    public async Task Http2_cluster_with_a_backend_that_agrees_to_no_protocol_by_alpn_answers_502()
    {
        // openssl s_server without -alpn ignores the client's offer: the handshake completes with no protocol agreed.
        await using var backend = await OpenSslBackend.StartAsync(_ca.IssueServer([BackendName]), _ca.Certificate);
        var ir = Ir.Gateway(
            Ir.HttpsPort(443, [Ir.ServerCertificate("www.example.com", _frontendCertificate)], Ir.Host("www.example.com", Ir.Route("route", "backend"))),
            Ir.Cluster("backend", backend.Port, Ir.Tls(BackendName, TestPki.Anchor(_ca.Certificate), _clientCertificate)) with
            {
                Protocol = BackendProtocolIr.Http2,
            });
        await using var gateway = await TestGateway.StartAsync(ir);
        using var client = gateway.Client(443);

        using var response = await client.GetAsync("https://www.example.com/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var line = Assert.Single(gateway.Logs.Lines);
        Assert.Contains("chose no protocol by ALPN where only h2 was offered", line);
    }

    [Fact]
    public async Task Plain_text_http2_cluster_speaks_h2c_by_prior_knowledge()
    {
        await using var backend = await StartBackendAsync(HttpProtocols.Http2, tls: false);
        await using var gateway = await TestGateway.StartAsync(Serving(backend, BackendProtocolIr.Http2, tls: false));
        using var client = gateway.Client(443);

        var echo = await client.EchoAsync("https://www.example.com/");

        Assert.Equal("None", echo.TlsVersion);
        Assert.Equal("HTTP/2", echo.HttpVersion);
    }

    [Fact]
    public async Task Plain_text_negotiated_cluster_speaks_http11()
    {
        await using var backend = await StartBackendAsync(tls: false);
        await using var gateway = await TestGateway.StartAsync(Serving(backend, BackendProtocolIr.Negotiated, tls: false));
        using var client = gateway.Client(443, HttpVersion.Version20);

        var echo = await client.EchoAsync("https://www.example.com/");

        Assert.Equal("HTTP/1.1", echo.HttpVersion);
    }
}
