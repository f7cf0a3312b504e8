using System.Net.Security;
using System.Runtime.Versioning;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.EchoBackend;
using AzureGateway.IR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// Frontend mTLS over real TLS with certificates issued in the test: which clients each mode refuses or serves, what
/// the refused client sees, what the backend is told (X-Forwarded-Client-Cert, X-Client-Cert-Verify), the count and log
/// line of every failure, listeners that verify clients next to ones that do not, and cipher suites.
/// </summary>
[Collection("Counted frontend failures")]
public sealed class FrontendMutualTlsTests : IAsyncLifetime
{
    private const string Api = "api.example.com";
    private const string ClientDns = "web.clients.example.com";
    private static readonly Uri ClientUri = new("spiffe://example.com/ns/default/sa/web");

    private static readonly ForwardClientCertIr SubjectAndNames = new()
    {
        Mode = ForwardClientCertMode.SanitizeSet,
        Details = new[] { "Subject", "URI", "DNS" },
    };

    private readonly CertificateAuthority _serverCa = CertificateAuthority.Create("mTLS Test Server CA");
    private readonly CertificateAuthority _clientCa = CertificateAuthority.Create("mTLS Test Client CA");
    private readonly CertificateAuthority _otherCa = CertificateAuthority.Create("mTLS Test Other CA");
    private readonly CountedFailures _failures = CountedFailures.ClientCertificates();
    private EchoServer _backend = null!;

    public async Task InitializeAsync() => _backend = await EchoServer.StartAsync(new EchoServerOptions(), CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        _failures.Dispose();
        _serverCa.Dispose();
        _clientCa.Dispose();
        _otherCa.Dispose();
    }

    /// <summary>A listener for <paramref name="serverName"/>; with a mode, it verifies clients against the test's client CA.</summary>
    private ListenerTlsIr Listener(string? serverName, ClientCertificateMode? mode = null,
        Func<ClientValidationIr, ClientValidationIr>? validation = null, ForwardClientCertIr? forward = null) => new()
    {
        ServerName = serverName,
        Certificate = TestPki.KeyPair(_serverCa.IssueServer([serverName ?? "default.example.com"])),
        ClientValidation = mode is { } required
            ? (validation ?? (v => v))(new ClientValidationIr { Mode = required, TrustedCertificates = new[] { TestPki.Anchor(_clientCa.Certificate) } })
            : null,
        ForwardClientCert = forward ?? (mode is null ? ForwardClientCertIr.Sanitize : SubjectAndNames),
    };

    /// <summary>HTTPS port 443 with the listeners given, HTTP port 80, both routing everything to the echo backend.</summary>
    private GatewayIr Serving(params ListenerTlsIr[] listeners) => new()
    {
        Ports = new[]
        {
            Ir.HttpPort(80, Ir.Host("*", Ir.Route("plain", "backend"))),
            Ir.HttpsPort(443, listeners, Ir.Host("*", Ir.Route("route", "backend"))) with
            {
                ListenerHostnames = listeners.Length > 1 ? listeners.Select(l => l.ServerName ?? "*").ToArray() : EquatableArray<string>.Empty,
            },
        },
        Clusters = new[] { Ir.Cluster("backend", _backend.Port) },
    };

    private X509Certificate2 WebClient() => _clientCa.IssueClient("web-client", dnsNames: [ClientDns], uris: [ClientUri]);

    private static string Hash(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    private static HttpRequestMessage Forging(string url, string forwardedClientCert = "Hash=forged;Subject=\"CN=admin\"") => new(HttpMethod.Get, url)
    {
        Headers =
        {
            { "X-Forwarded-Client-Cert", forwardedClientCert },
            { "X-Client-Cert-Verify", "SUCCESS" },
        },
    };

    // .NET judges a client certificate once OpenSSL has completed the handshake, and sends no alert when it refuses one:
    // the client's handshake succeeds and its first read finds the connection closed (FrontendTls).
    private static readonly TlsExchangeResult RefusedAfterHandshake = new(true, null, "end of stream");

    private static readonly TlsExchangeResult EndedDuringHandshake =
        new(false, null, "IOException: Received an unexpected EOF or 0 bytes from the transport stream.");

    [Theory]
    [InlineData(SslProtocols.Tls13)]
    [InlineData(SslProtocols.Tls12)]
    public async Task A_client_without_a_certificate_is_refused(SslProtocols protocol)
    {
        await using var gateway = await TestGateway.StartAsync(Serving(Listener(Api, ClientCertificateMode.RequireValid)));

        var result = await TlsExchange.GetAsync(gateway.DataPlane.BoundPorts[443], Api, null, protocol);

        Assert.Equal(RefusedAfterHandshake, result);
        Assert.Equal(new[] { "missing/refused" }, _failures.Counted);
    }

    [Fact]
    public async Task A_certificate_from_another_ca_is_refused()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(Listener(Api, ClientCertificateMode.RequireValid)));

        var result = await TlsExchange.GetAsync(gateway.DataPlane.BoundPorts[443], Api, _otherCa.IssueClient("stranger"));

        Assert.Equal(RefusedAfterHandshake, result);
        Assert.Equal(new[] { "untrusted_ca/refused" }, _failures.Counted);
    }

    [Fact]
    public async Task An_expired_certificate_is_refused()
    {
        // A CA made 400 days ago is still valid; the year-long certificate it issued then is not.
        using var pastCa = CertificateAuthority.Create("mTLS Test Past CA", new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-400)));
        await using var gateway = await TestGateway.StartAsync(Serving(Listener(Api, ClientCertificateMode.RequireValid,
            v => v with { TrustedCertificates = new[] { TestPki.Anchor(pastCa.Certificate) } })));

        var result = await TlsExchange.GetAsync(gateway.DataPlane.BoundPorts[443], Api, pastCa.IssueClient("expired-client"));

        Assert.Equal(RefusedAfterHandshake, result);
        Assert.Equal(new[] { "expired/refused" }, _failures.Counted);
    }

    [Fact]
    public async Task Subject_alt_names_are_any_one_of_the_dns_uri_and_email_names_compared_exactly()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(Listener(Api, ClientCertificateMode.RequireValid,
            v => v with { SubjectAltNames = new[] { "ops@example.com", ClientUri.ToString() } })));
        var port = gateway.DataPlane.BoundPorts[443];

        var byUri = await TlsExchange.GetAsync(port, Api, WebClient());
        var byEmail = await TlsExchange.GetAsync(port, Api, _clientCa.IssueClient("ops", emails: ["ops@example.com"]));
        var byOtherEmail = await TlsExchange.GetAsync(port, Api, _clientCa.IssueClient("dev", emails: ["OPS@example.com"]));
        var byDnsOnly = await TlsExchange.GetAsync(port, Api, _clientCa.IssueClient("dns", dnsNames: ["ops.example.com"]));

        Assert.Equal("HTTP/1.1 200 OK", byUri.StatusLine);
        Assert.Equal("HTTP/1.1 200 OK", byEmail.StatusLine);
        Assert.Equal(RefusedAfterHandshake, byOtherEmail);
        Assert.Equal(RefusedAfterHandshake, byDnsOnly);
        Assert.Equal(new[] { "subject_alt_name_mismatch/refused", "subject_alt_name_mismatch/refused" }, _failures.Counted);
    }

    [Theory]
    [InlineData(SslProtocols.Tls13)]
    [InlineData(SslProtocols.Tls12)]
    public async Task A_valid_certificate_is_served_and_the_backend_gets_its_hash_subject_and_names(SslProtocols protocol)
    {
        await using var gateway = await TestGateway.StartAsync(Serving(Listener(Api, ClientCertificateMode.RequireValid)));
        var certificate = WebClient();
        using var client = gateway.Client(443, clientCertificate: certificate);

        Assert.Equal("HTTP/1.1 200 OK", (await TlsExchange.GetAsync(gateway.DataPlane.BoundPorts[443], Api, certificate, protocol)).StatusLine);
        var echo = await client.EchoAsync($"https://{Api}/", Forging($"https://{Api}/"));

        Assert.Equal($"Hash={Hash(certificate)};Subject=\"CN=web-client\";URI={ClientUri};DNS={ClientDns}", echo.Headers["x-forwarded-client-cert"]);
        Assert.Equal("SUCCESS", echo.Headers["x-client-cert-verify"]);
        Assert.Empty(_failures.Counted);
    }

    [Fact]
    public async Task Cert_and_chain_details_carry_the_url_encoded_pem_of_the_certificate_and_of_the_chain_the_client_sent()
    {
        using var intermediate = IntermediateAuthority.Create(_clientCa, "mTLS Test Intermediate CA");
        var certificate = intermediate.IssueClient("chained-client");
        await using var gateway = await TestGateway.StartAsync(Serving(Listener(Api, ClientCertificateMode.RequireValid,
            forward: new ForwardClientCertIr { Mode = ForwardClientCertMode.SanitizeSet, Details = new[] { "Subject", "Cert", "Chain" } })));
        using var client = gateway.Client(443, clientCertificate: certificate, clientChain: intermediate.Certificate);

        var echo = await client.EchoAsync($"https://{Api}/");

        var pem = PemExport.Certificate(certificate);
        Assert.Equal(
            $"Hash={Hash(certificate)};Cert=\"{Uri.EscapeDataString(pem)}\";Chain=\"{Uri.EscapeDataString(pem + PemExport.Certificate(intermediate.Certificate))}\";Subject=\"CN=chained-client\"",
            echo.Headers["x-forwarded-client-cert"]);
        Assert.StartsWith("Cert=\"-----BEGIN%20CERTIFICATE-----%0A", echo.Headers["x-forwarded-client-cert"].Split(';')[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Where_a_certificate_is_optional_a_client_without_one_is_served_as_NONE_and_a_bad_one_is_refused()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(Listener(Api, ClientCertificateMode.AllowMissing)));
        using var client = gateway.Client(443);

        var echo = await client.EchoAsync($"https://{Api}/", Forging($"https://{Api}/"));
        var stranger = await TlsExchange.GetAsync(gateway.DataPlane.BoundPorts[443], Api, _otherCa.IssueClient("stranger"));

        Assert.Equal("NONE", echo.Headers["x-client-cert-verify"]);
        Assert.False(echo.Headers.ContainsKey("x-forwarded-client-cert"));
        Assert.Equal(RefusedAfterHandshake, stranger);
        Assert.Equal(new[] { "untrusted_ca/refused" }, _failures.Counted);
    }

    [Fact]
    public async Task The_insecure_fallback_serves_every_client_and_tells_the_backend_why_a_certificate_failed()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(Listener(Api, ClientCertificateMode.AllowInsecureFallback)));
        using var stranger = gateway.Client(443, clientCertificate: _otherCa.IssueClient("stranger"));
        using var anonymous = gateway.Client(443);
        using var known = gateway.Client(443, clientCertificate: WebClient());

        var strangerEcho = await stranger.EchoAsync($"https://{Api}/", Forging($"https://{Api}/"));
        var anonymousEcho = await anonymous.EchoAsync($"https://{Api}/", Forging($"https://{Api}/"));
        var knownEcho = await known.EchoAsync($"https://{Api}/");

        Assert.Equal("FAILED:untrusted_ca", strangerEcho.Headers["x-client-cert-verify"]);
        Assert.False(strangerEcho.Headers.ContainsKey("x-forwarded-client-cert"));
        Assert.Equal("NONE", anonymousEcho.Headers["x-client-cert-verify"]);
        Assert.False(anonymousEcho.Headers.ContainsKey("x-forwarded-client-cert"));
        Assert.Equal("SUCCESS", knownEcho.Headers["x-client-cert-verify"]);
        Assert.StartsWith("Hash=", knownEcho.Headers["x-forwarded-client-cert"], StringComparison.Ordinal);
        Assert.Equal(new[] { "untrusted_ca/served", "missing/served" }, _failures.Counted);
    }

    [Fact]
    public async Task Headers_a_client_forges_are_removed_on_http_ports_and_on_listeners_that_verify_no_client()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(Listener(Api)));
        using var http = gateway.Client(80);
        using var https = gateway.Client(443);

        var plain = await http.EchoAsync("http://example.com/", Forging("http://example.com/"));
        var open = await https.EchoAsync($"https://{Api}/", Forging($"https://{Api}/"));

        foreach (var echo in new[] { plain, open })
        {
            Assert.False(echo.Headers.ContainsKey("x-forwarded-client-cert"));
            Assert.False(echo.Headers.ContainsKey("x-client-cert-verify"));
        }
    }

    [Theory]
    [InlineData(ForwardClientCertMode.ForwardOnly, true, "sent")]
    [InlineData(ForwardClientCertMode.ForwardOnly, false, null)]
    [InlineData(ForwardClientCertMode.AppendForward, true, "sent,ours")]
    [InlineData(ForwardClientCertMode.AppendForward, false, null)]
    [InlineData(ForwardClientCertMode.SanitizeSet, true, "ours")]
    [InlineData(ForwardClientCertMode.SanitizeSet, false, null)]
    [InlineData(ForwardClientCertMode.Sanitize, true, null)]
    [InlineData(ForwardClientCertMode.AlwaysForwardOnly, false, "sent")]
    public async Task The_listeners_xfcc_mode_decides_what_the_backend_gets(ForwardClientCertMode mode, bool withCertificate, string? expected)
    {
        const string sent = "By=spiffe://edge;Hash=abc";
        await using var gateway = await TestGateway.StartAsync(Serving(Listener(Api, ClientCertificateMode.AllowMissing,
            forward: new ForwardClientCertIr { Mode = mode, Details = new[] { "Subject" } })));
        var certificate = WebClient();
        using var client = withCertificate ? gateway.Client(443, clientCertificate: certificate) : gateway.Client(443);

        var echo = await client.EchoAsync($"https://{Api}/", Forging($"https://{Api}/", sent));

        var ours = $"Hash={Hash(certificate)};Subject=\"CN=web-client\"";
        Assert.Equal(expected?.Replace("sent", sent, StringComparison.Ordinal).Replace("ours", ours, StringComparison.Ordinal),
            echo.Headers.GetValueOrDefault("x-forwarded-client-cert"));
        Assert.Equal(withCertificate ? "SUCCESS" : "NONE", echo.Headers["x-client-cert-verify"]);
    }

    [Fact]
    public async Task A_mirrors_copy_carries_the_client_certificate_headers_the_backend_gets()
    {
        await using var mirror = await EchoServer.StartAsync(new EchoServerOptions(), CancellationToken.None);
        var mirrored = Ir.Route("mirrored", "backend", r => r with { Filters = new HttpFiltersIr { Mirrors = new[] { new MirrorIr { Cluster = "mirror" } } } });
        await using var gateway = await TestGateway.StartAsync(Ir.Gateway(
            Ir.HttpsPort(443, [Listener(Api, ClientCertificateMode.RequireValid)], Ir.Host("*", mirrored)),
            Ir.Cluster("backend", _backend.Port),
            Ir.Cluster("mirror", mirror.Port)));
        using var client = gateway.Client(443, clientCertificate: WebClient());

        var echo = await client.EchoAsync($"https://{Api}/", Forging($"https://{Api}/"));
        await Wait.UntilAsync(() => mirror.Requests.Count == 1, "the mirror got its copy");

        Assert.StartsWith("Hash=", echo.Headers["x-forwarded-client-cert"], StringComparison.Ordinal);
        Assert.Equal(echo.Headers["x-forwarded-client-cert"], mirror.Requests[0].Headers["x-forwarded-client-cert"]);
        Assert.Equal("SUCCESS", mirror.Requests[0].Headers["x-client-cert-verify"]);
    }

    [Fact]
    public async Task Always_forward_only_forwards_the_clients_header_on_a_listener_that_verifies_no_client()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(Listener(Api,
            forward: new ForwardClientCertIr { Mode = ForwardClientCertMode.AlwaysForwardOnly })));
        using var client = gateway.Client(443);

        var echo = await client.EchoAsync($"https://{Api}/", Forging($"https://{Api}/", "Hash=from-the-edge"));

        Assert.Equal("Hash=from-the-edge", echo.Headers["x-forwarded-client-cert"]);
        Assert.False(echo.Headers.ContainsKey("x-client-cert-verify"));
    }

    [Fact]
    public async Task Sni_chooses_the_listener_and_a_connection_to_the_open_one_gets_421_for_the_host_of_the_one_that_verifies_clients()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(
            Listener("open.example.com"), Listener("mtls.example.com", ClientCertificateMode.RequireValid)));
        var port = gateway.DataPlane.BoundPorts[443];

        var open = await TlsExchange.GetAsync(port, "open.example.com", null);
        var openForMtls = await TlsExchange.GetAsync(port, "open.example.com", null, host: "mtls.example.com");
        var withoutSniForMtls = await TlsExchange.GetAsync(port, null, null, host: "mtls.example.com");
        var mtlsWithout = await TlsExchange.GetAsync(port, "mtls.example.com", null);
        var mtls = await TlsExchange.GetAsync(port, "mtls.example.com", WebClient());

        Assert.Equal("HTTP/1.1 200 OK", open.StatusLine);
        Assert.Equal("HTTP/1.1 421 Misdirected Request", openForMtls.StatusLine);
        // Without SNI the port's first listener, the open one, terminates TLS: its connection is not the mTLS listener's either.
        Assert.Equal("HTTP/1.1 421 Misdirected Request", withoutSniForMtls.StatusLine);
        Assert.Equal(RefusedAfterHandshake, mtlsWithout);
        Assert.Equal("HTTP/1.1 200 OK", mtls.StatusLine);
        Assert.Equal(new[] { "missing/refused" }, _failures.Counted);
    }

    [Fact]
    public async Task A_validation_that_cannot_be_used_refuses_even_a_valid_certificate_before_the_server_hello()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(Listener(Api, ClientCertificateMode.AllowInsecureFallback,
            v => v with { RefuseAllBecause = "caCertificateRefs[0]: ConfigMap default/missing not found" })), logLevel: LogLevel.Information);

        var result = await TlsExchange.GetAsync(gateway.DataPlane.BoundPorts[443], Api, WebClient());

        // Closed after the client hello, with no alert: the client's handshake fails on the end of the stream.
        Assert.Equal(EndedDuringHandshake, result);
        Assert.Equal(new[] { "validation_unusable/refused" }, _failures.Counted);
        Assert.Contains(gateway.Logs.Lines, line => line.Contains("validation_unusable", StringComparison.Ordinal)
            && line.Contains("ConfigMap default/missing not found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_listener_whose_certificate_cannot_be_used_refuses_its_handshakes_rather_than_lend_them_another_listener()
    {
        var broken = Listener("broken.example.com", ClientCertificateMode.RequireValid) with
        {
            Certificate = TestPki.Anchor(_serverCa.IssueServer(["broken.example.com"])),
        };
        await using var gateway = await TestGateway.StartAsync(Serving(broken, Listener(null)));
        var port = gateway.DataPlane.BoundPorts[443];

        var result = await TlsExchange.GetAsync(port, "broken.example.com", null);
        var other = await TlsExchange.GetAsync(port, "other.example.com", null);

        Assert.Equal(EndedDuringHandshake, result);
        Assert.Equal("HTTP/1.1 200 OK", other.StatusLine);
        Assert.Contains(gateway.Logs.Lines, line => line.Contains("listener broken.example.com refuses every TLS handshake", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_refused_client_is_one_log_line_with_its_port_listener_sni_reason_and_certificate_and_nothing_else()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(Listener(Api, ClientCertificateMode.RequireValid)), logLevel: LogLevel.Information);
        var before = gateway.Logs.Lines.Count;
        var stranger = _otherCa.IssueClient("stranger");

        await TlsExchange.GetAsync(gateway.DataPlane.BoundPorts[443], Api, stranger);
        await Wait.UntilAsync(() => gateway.Logs.Lines.Count > before, "the refusal is logged");
        // Asserting that no other line comes: Kestrel's own lines about the failed handshake would come right after it,
        // and no event marks them not written, so they get a moment to arrive.
        await Task.Delay(200);

        var line = Assert.Single(gateway.Logs.Lines.Skip(before));
        Assert.Equal(
            $"Information: Client refused on port 443 listener {Api} (SNI {Api}): client certificate untrusted_ca (CN=stranger, SHA-256 {PemCertificates.Thumbprint(stranger)}): its issuer CN=mTLS Test Other CA does not lead to a trusted CA",
            line);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Cipher_suites_restrict_what_a_client_may_negotiate_and_the_versions_they_leave()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(
            Listener(Api) with { CipherSuites = new[] { "TLS_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384" } },
            Listener("tls12.example.com") with { CipherSuites = new[] { "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" } }));
        var port = gateway.DataPlane.BoundPorts[443];

        var cbc = await TlsExchange.GetAsync(port, Api, null, SslProtocols.Tls12,
            new CipherSuitesPolicy([TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256]));
        var gcm = await TlsExchange.GetAsync(port, Api, null, SslProtocols.Tls12,
            new CipherSuitesPolicy([TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]));
        var tls13 = await TlsExchange.GetAsync(port, Api, null, SslProtocols.Tls13,
            new CipherSuitesPolicy([TlsCipherSuite.TLS_AES_128_GCM_SHA256]));
        // A listener with TLS 1.2 suites only serves TLS 1.2: a client offering both versions gets it.
        var tls12Only = await TlsExchange.GetAsync(port, "tls12.example.com", null);
        var (_, negotiated, _) = await Handshake.WithAsync(port, "tls12.example.com");

        // OpenSSL itself refuses these, with a handshake_failure alert.
        Assert.StartsWith("AuthenticationException:", cbc.Ending, StringComparison.Ordinal);
        Assert.Equal("HTTP/1.1 200 OK", gcm.StatusLine);
        Assert.StartsWith("AuthenticationException:", tls13.Ending, StringComparison.Ordinal);
        Assert.Equal("HTTP/1.1 200 OK", tls12Only.StatusLine);
        Assert.Equal(SslProtocols.Tls12, negotiated);
    }
}
