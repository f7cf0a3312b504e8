using System.Net;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.EchoBackend;
using AzureGateway.IR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// The gateway in front of an echo backend that requires a client certificate: what the backend sees, and
/// each way the backend TLS can be wrong failing with 502, one log line saying why and the handshake failure
/// counted by reason.
/// </summary>
public sealed class BackendMutualTlsTests : IAsyncLifetime
{
    private const string BackendName = "backend.internal";
    private const string BackendUri = "spiffe://backend.internal/app";

    private readonly CertificateAuthority _ca = CertificateAuthority.Create("Backend Test CA");
    private readonly CertificateAuthority _otherCa = CertificateAuthority.Create("Other Test CA");
    private readonly CertificateAuthority _frontendCa = CertificateAuthority.Create("Frontend Test CA");
    // A cluster name of this test's own, so its handshake failures are told apart from other tests'.
    private readonly string _cluster = $"backend-{Guid.NewGuid():N}";
    private EchoServer _backend = null!;
    private CertificateIr _clientCertificate = null!;
    private CertificateIr _frontendCertificate = null!;

    public async Task InitializeAsync()
    {
        _clientCertificate = TestPki.KeyPair(_ca.IssueClient("gateway-client"));
        _frontendCertificate = TestPki.KeyPair(_frontendCa.IssueServer(["www.example.com"]));
        _backend = await EchoServer.StartAsync(new EchoServerOptions
        {
            ServerCertificate = _ca.IssueServer([BackendName], [new Uri(BackendUri)]),
            TrustedClientCertificateAuthorities = [_ca.Certificate],
        }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        _ca.Dispose();
        _otherCa.Dispose();
        _frontendCa.Dispose();
    }

    private GatewayIr Serving(UpstreamTlsIr? tls, int? backendPort = null) => Ir.Gateway(
        Ir.HttpsPort(443, [Ir.ServerCertificate("www.example.com", _frontendCertificate)],
            Ir.Host("www.example.com", Ir.Route("route", _cluster))),
        Ir.Cluster(_cluster, backendPort ?? _backend.Port, tls));

    private UpstreamTlsIr ValidTls() => Ir.Tls(BackendName, TestPki.Anchor(_ca.Certificate), _clientCertificate);

    [Fact]
    public async Task Backend_sees_the_gateway_client_certificate_the_policy_sni_and_the_client_host()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(ValidTls()));
        using var client = gateway.Client(443);

        var echo = await client.EchoAsync("https://www.example.com/hello?x=1");

        Assert.Equal("CN=gateway-client", echo.ClientCertificateSubject);
        Assert.Equal(BackendName, echo.Sni);
        Assert.Equal("www.example.com", echo.Host);
        Assert.Equal("/hello?x=1", echo.Path);
        Assert.Equal("http/1.1", echo.Alpn);
        Assert.StartsWith("Tls1", echo.TlsVersion);
        using var sent = X509Certificate2.CreateFromPem(echo.PeerCertificates[0]);
        Assert.Equal(_clientCertificate.Thumbprint, PemCertificates.Thumbprint(sent));
        Assert.Empty(gateway.Logs.Lines);
    }

    [Theory]
    [InlineData(TlsVersion.Tls12, TlsVersion.Tls12, "Tls12")]
    [InlineData(TlsVersion.Tls13, TlsVersion.Tls13, "Tls13")]
    [InlineData(TlsVersion.Tls12, TlsVersion.Tls13, "Tls13")]
    public async Task Backend_tls_version_stays_within_the_cluster_bounds(TlsVersion min, TlsVersion max, string expected)
    {
        await using var gateway = await TestGateway.StartAsync(Serving(ValidTls() with { MinVersion = min, MaxVersion = max }));
        using var client = gateway.Client(443);

        var echo = await client.EchoAsync("https://www.example.com/");

        Assert.Equal(expected, echo.TlsVersion);
    }

    [Fact]
    public async Task System_trust_does_not_trust_a_private_ca()
    {
        var tls = ValidTls() with { TrustedCertificates = EquatableArray<CertificateIr>.Empty, UseSystemTrust = true };
        await using var gateway = await TestGateway.StartAsync(Serving(tls));

        await AssertBadGatewayAsync(gateway, "UntrustedCa", "not issued by a trusted CA", "untrusted_ca");
    }

    [Fact]
    public async Task Client_certificate_whose_key_does_not_match_answers_500_without_logging_the_key()
    {
        using var other = _ca.IssueClient("other");
        var mismatched = _clientCertificate with { PrivateKeyPem = PemExport.PrivateKey(other) };
        await using var gateway = await TestGateway.StartAsync(Serving(ValidTls() with { ClientCertificate = mismatched }));
        using var client = gateway.Client(443);

        using var response = await client.GetAsync("https://www.example.com/");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(0, _backend.ConnectionCount);
        var line = Assert.Single(gateway.Logs.Lines);
        Assert.True(line.Contains($"Cluster {_cluster} cannot be used", StringComparison.Ordinal) && line.Contains("does not match", StringComparison.Ordinal), line);
        Assert.DoesNotContain(gateway.Logs.Lines, line => line.Contains("PRIVATE KEY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Requests_to_a_backend_reuse_one_pooled_connection()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(ValidTls()));
        using var client = gateway.Client(443);

        for (var i = 0; i < 10; i++)
        {
            await client.EchoAsync("https://www.example.com/");
        }

        Assert.Equal(1, _backend.ConnectionCount);
    }

    [Fact]
    public async Task Client_certificate_chain_from_the_pem_is_sent_to_the_backend()
    {
        using var root = CertificateAuthority.Create("Chain Root CA");
        using var intermediate = IntermediateAuthority.Create(root, "Chain Intermediate CA");
        using var leaf = intermediate.IssueClient("chained-client");
        await using var backend = await EchoServer.StartAsync(new EchoServerOptions
        {
            ServerCertificate = _ca.IssueServer([BackendName]),
            TrustedClientCertificateAuthorities = [root.Certificate],
        }, CancellationToken.None);
        var tls = Ir.Tls(BackendName, TestPki.Anchor(_ca.Certificate), TestPki.KeyPair(leaf, intermediate.Certificate));
        await using var gateway = await TestGateway.StartAsync(Serving(tls, backend.Port));
        using var client = gateway.Client(443);

        var echo = await client.EchoAsync("https://www.example.com/");

        Assert.Equal("CN=chained-client", echo.ClientCertificateSubject);
        Assert.Contains(echo.PeerCertificates, pem => pem.Contains(PemExport.Certificate(intermediate.Certificate).Trim(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Backend_certificate_from_an_untrusted_ca_answers_502_and_says_so()
    {
        var tls = Ir.Tls(BackendName, TestPki.Anchor(_otherCa.Certificate), _clientCertificate);
        await using var gateway = await TestGateway.StartAsync(Serving(tls));

        await AssertBadGatewayAsync(gateway, "UntrustedCa", "not issued by a trusted CA", "untrusted_ca");
    }

    [Fact]
    public async Task Explicit_insecure_skip_verify_accepts_an_untrusted_backend_and_still_presents_the_client_certificate()
    {
        var tls = Ir.Tls("other.internal", TestPki.Anchor(_otherCa.Certificate), _clientCertificate) with { InsecureSkipVerify = true };
        await using var gateway = await TestGateway.StartAsync(Serving(tls));
        using var client = gateway.Client(443);

        var echo = await client.EchoAsync("https://www.example.com/");

        Assert.Equal("other.internal", echo.Sni);
        Assert.Equal("CN=gateway-client", echo.ClientCertificateSubject);
    }

    [Fact]
    public async Task Backend_certificate_without_the_sni_name_answers_502_and_says_so()
    {
        var tls = Ir.Tls("other.internal", TestPki.Anchor(_ca.Certificate), _clientCertificate);
        await using var gateway = await TestGateway.StartAsync(Serving(tls));

        await AssertBadGatewayAsync(gateway, "NameMismatch", "not valid for other.internal", "name_mismatch");
    }

    [Fact]
    public async Task Listed_subject_alt_name_absent_from_the_backend_certificate_answers_502()
    {
        var tls = Ir.Tls(BackendName, TestPki.Anchor(_ca.Certificate), _clientCertificate,
            new SubjectAltNameIr { Type = SubjectAltNameType.Hostname, Value = "elsewhere.internal" });
        await using var gateway = await TestGateway.StartAsync(Serving(tls));

        // The SNI is on the certificate, but with subject alt names listed only they authenticate.
        await AssertBadGatewayAsync(gateway, "NameMismatch", "none of the subject alt names Hostname elsewhere.internal", "name_mismatch");
    }

    [Fact]
    public async Task Uri_subject_alt_name_authenticates_the_backend_when_the_sni_is_not_on_its_certificate()
    {
        var tls = Ir.Tls("not-on-the-certificate.internal", TestPki.Anchor(_ca.Certificate), _clientCertificate,
            new SubjectAltNameIr { Type = SubjectAltNameType.Uri, Value = BackendUri });
        await using var gateway = await TestGateway.StartAsync(Serving(tls));
        using var client = gateway.Client(443);

        var echo = await client.EchoAsync("https://www.example.com/");

        Assert.Equal("not-on-the-certificate.internal", echo.Sni);
    }

    [Fact]
    public async Task Wildcard_backend_certificate_covers_one_label_of_the_sni()
    {
        await using var backend = await EchoServer.StartAsync(new EchoServerOptions
        {
            ServerCertificate = _ca.IssueServer(["*.svc.internal"]),
        }, CancellationToken.None);
        var covered = Ir.Tls("app.svc.internal", TestPki.Anchor(_ca.Certificate));
        var tooDeep = Ir.Tls("a.app.svc.internal", TestPki.Anchor(_ca.Certificate));

        await using (var gateway = await TestGateway.StartAsync(Serving(covered, backend.Port)))
        {
            using var client = gateway.Client(443);
            Assert.Equal("app.svc.internal", (await client.EchoAsync("https://www.example.com/")).Sni);
        }
        await using (var gateway = await TestGateway.StartAsync(Serving(tooDeep, backend.Port)))
        {
            await AssertBadGatewayAsync(gateway, "NameMismatch", "not valid for a.app.svc.internal", "name_mismatch");
        }
    }

    [Fact]
    public async Task Backend_alerting_that_it_requires_a_client_certificate_when_none_is_configured_answers_502_and_says_so()
    {
        await using var backend = await OpenSslBackend.StartAsync(_ca.IssueServer([BackendName]), _ca.Certificate);
        var tls = Ir.Tls(BackendName, TestPki.Anchor(_ca.Certificate)) with { MinVersion = TlsVersion.Tls13 };
        await using var gateway = await TestGateway.StartAsync(Serving(tls, backend.Port));

        await AssertBadGatewayAsync(gateway, "ClientCertificateRefused",
            "the backend refused to go on without a client certificate, and none is configured (TLS alert: certificate required)", "client_certificate_refused");
    }

    [Fact]
    public async Task Backend_alerting_after_a_tls13_handshake_that_it_does_not_trust_our_client_certificate_answers_502_and_says_so()
    {
        using var stranger = _otherCa.IssueClient("stranger");
        await using var backend = await OpenSslBackend.StartAsync(_ca.IssueServer([BackendName]), _ca.Certificate);
        var tls = Ir.Tls(BackendName, TestPki.Anchor(_ca.Certificate), TestPki.KeyPair(stranger)) with { MinVersion = TlsVersion.Tls13 };
        await using var gateway = await TestGateway.StartAsync(Serving(tls, backend.Port));

        await AssertBadGatewayAsync(gateway, "ClientCertificateRefused", "the backend refused our client certificate CN=stranger (TLS alert: ", "client_certificate_refused");
    }

    [Fact]
    public async Task Backend_offering_only_a_cbc_suite_is_refused_since_backends_get_the_published_cipher_profile_too()
    {
        await using var backend = await OpenSslBackend.StartAsync(_ca.IssueServer([BackendName]), _ca.Certificate, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA256");
        await using var gateway = await TestGateway.StartAsync(Serving(ValidTls(), backend.Port));

        await AssertBadGatewayAsync(gateway, "TlsHandshake", "handshake failure", "other");
    }

    [Fact]
    public async Task Backend_closing_the_connection_after_the_handshake_without_an_alert_is_no_certificate_failure()
    {
        // The echo backend, like any .NET server, refuses an untrusted client certificate by closing the connection
        // without a TLS alert: from the gateway's side nothing says why, so nothing is blamed on the certificate.
        using var stranger = _otherCa.IssueClient("stranger");
        var tls = Ir.Tls(BackendName, TestPki.Anchor(_ca.Certificate), TestPki.KeyPair(stranger)) with { MinVersion = TlsVersion.Tls13 };
        await using var gateway = await TestGateway.StartAsync(Serving(tls));

        await AssertBadGatewayAsync(gateway, "ConnectionFailed", "the backend closed the connection without answering", handshakeFailure: null);
    }

    [Fact]
    public async Task Backend_accepting_our_client_certificate_and_never_answering_times_out_and_is_no_handshake_failure()
    {
        await using var backend = await HangingBackendAsync();
        await using var gateway = await TestGateway.StartAsync(
            Serving(ValidTls(), backend.Port), new DataPlaneOptions { DefaultBackendRequestTimeout = TimeSpan.FromSeconds(1) });

        await AssertFailedAsync(gateway, HttpStatusCode.GatewayTimeout, "Timeout", "no answer within the backend request timeout of 1 s", handshakeFailure: null);
        Assert.Equal("CN=gateway-client", backend.Last.ClientCertificateSubject);
    }

    [Fact]
    public async Task Client_going_away_while_the_backend_is_slow_is_no_backend_failure()
    {
        await using var backend = await HangingBackendAsync();
        await using var gateway = await TestGateway.StartAsync(Serving(ValidTls(), backend.Port), logLevel: LogLevel.Debug);
        using var client = gateway.Client(443);
        using var failures = CountedFailures.BackendHandshakes(_cluster);
        using var leaving = new CancellationTokenSource();

        var request = client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://www.example.com/"), leaving.Token);
        await Wait.UntilAsync(() => backend.Requests.Count == 1, "the backend has the request");
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await Wait.UntilAsync(() => gateway.Logs.Lines.Any(l => l.Contains("ended early on the client side", StringComparison.Ordinal)),
            "the gateway has given up the request");

        Assert.DoesNotContain(gateway.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal));
        Assert.Empty(failures.Counted);
    }

    [Fact]
    public async Task Expired_backend_certificate_answers_502_and_says_so()
    {
        var now = DateTimeOffset.UtcNow;
        using var oldCa = CertificateAuthority.Create("Old Test CA", new FakeTimeProvider(now.AddDays(-60)));
        await using var backend = await EchoServer.StartAsync(new EchoServerOptions
        {
            ServerCertificate = oldCa.IssueServerValidBetween(BackendName, now.AddDays(-30), now.AddDays(-1)),
        }, CancellationToken.None);
        var tls = Ir.Tls(BackendName, TestPki.Anchor(oldCa.Certificate), _clientCertificate);
        await using var gateway = await TestGateway.StartAsync(Serving(tls, backend.Port));

        await AssertBadGatewayAsync(gateway, "Expired", "is valid only from", "expired");
    }

    [Fact]
    public async Task Closed_backend_port_answers_502_and_says_the_connection_was_refused()
    {
        using var closedPort = new ClosedPort();
        await using var gateway = await TestGateway.StartAsync(Serving(ValidTls(), closedPort.Number));

        await AssertBadGatewayAsync(gateway, "ConnectionRefused", $"127.0.0.1:{closedPort.Number} refused the connection", handshakeFailure: null);
    }

    [Fact]
    public async Task Backend_that_never_completes_the_handshake_answers_502_after_the_connect_timeout()
    {
        var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var port = ((IPEndPoint)silent.LocalEndpoint).Port;
            await using var gateway = await TestGateway.StartAsync(
                Serving(ValidTls(), port), new DataPlaneOptions { BackendConnectTimeout = TimeSpan.FromSeconds(1) });

            await AssertBadGatewayAsync(gateway, "Timeout", "within 1 s", handshakeFailure: null);
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task Cluster_with_a_failure_answers_500_and_is_never_contacted()
    {
        var failed = Serving(ValidTls()) with
        {
            Clusters = new[] { Ir.Cluster(_cluster, _backend.Port, ValidTls()) with { Failure = "CA ConfigMap missing" } },
        };
        await using var gateway = await TestGateway.StartAsync(failed);
        using var client = gateway.Client(443);

        using var response = await client.GetAsync("https://www.example.com/");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("ConfigMap", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, _backend.ConnectionCount);
    }

    /// <summary>
    /// One request answers 502 and logs <paramref name="kind"/> with <paramref name="reason"/>; the handshake failure is
    /// counted once with <paramref name="handshakeFailure"/> as its reason, or not at all when it is null (the failure
    /// came before any TLS).
    /// </summary>
    private Task AssertBadGatewayAsync(TestGateway gateway, string kind, string reason, string? handshakeFailure) =>
        AssertFailedAsync(gateway, HttpStatusCode.BadGateway, kind, reason, handshakeFailure);

    /// <summary>
    /// One request answers <paramref name="status"/>, and the gateway's only log line says <paramref name="kind"/> and
    /// <paramref name="reason"/>; the handshake failure is counted as <paramref name="handshakeFailure"/>, or not at all.
    /// </summary>
    private async Task AssertFailedAsync(TestGateway gateway, HttpStatusCode status, string kind, string reason, string? handshakeFailure)
    {
        using var client = gateway.Client(443);
        using var failures = CountedFailures.BackendHandshakes(_cluster);

        using var response = await client.GetAsync("https://www.example.com/");

        Assert.Equal(status, response.StatusCode);
        var line = Assert.Single(gateway.Logs.Lines);
        Assert.True(line.Contains($"failed for route route: {kind}: ", StringComparison.Ordinal) && line.Contains(reason, StringComparison.Ordinal),
            $"expected {kind} ({reason}), logged: {line}");
        Assert.Equal(handshakeFailure is null ? [] : new[] { handshakeFailure }, failures.Counted);
    }

    /// <summary>A backend that accepts the gateway's client certificate, takes the request and never answers.</summary>
    private Task<TestBackend> HangingBackendAsync() => TestBackend.StartAsync("hanging",
        context => Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted),
        _ca.IssueServer([BackendName]), _ca.Certificate);
}
