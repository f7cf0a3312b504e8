using System.Net.Security;
using System.Runtime.Versioning;
using System.Security.Authentication;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.EchoBackend;
using AzureGateway.IR;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// The default cipher profile, Mozilla's intermediate, on a listener that names no suites. These tests run, as the image
/// does, with OPENSSL_CONF naming the gateway's openssl-intermediate.cnf (see the project's runsettings).
/// </summary>
[UnsupportedOSPlatform("windows")]
[Collection("Counted frontend failures")]
public sealed class CipherProfileTests : IAsyncLifetime
{
    private const string ServerName = "www.example.com";
    private readonly CertificateAuthority _ca = CertificateAuthority.Create("Cipher Profile Test CA");
    private EchoServer _backend = null!;

    public async Task InitializeAsync() => _backend = await EchoServer.StartAsync(
        new EchoServerOptions { ServerCertificate = _ca.IssueServer(["backend.internal"]) }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        _ca.Dispose();
    }

    private Task<TestGateway> StartAsync(LogLevel logLevel = LogLevel.Warning) => TestGateway.StartAsync(Ir.Gateway(
        Ir.HttpsPort(443, [Ir.ServerCertificate(null, TestPki.KeyPair(_ca.IssueServer([ServerName])))], Ir.Host("*", Ir.Route("route", "backend"))),
        Ir.Cluster("backend", _backend.Port, Ir.Tls("backend.internal", TestPki.Anchor(_ca.Certificate)))), logLevel: logLevel);

    [Theory]
    [InlineData(TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256)]
    [InlineData(TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384)]
    [InlineData(TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA)]
    public async Task A_tls12_client_offering_only_a_cbc_suite_is_refused(TlsCipherSuite suite)
    {
        await using var gateway = await StartAsync();

        var exchange = await TlsExchange.GetAsync(gateway.DataPlane.BoundPorts[443], ServerName, null, SslProtocols.Tls12, new CipherSuitesPolicy([suite]));

        Assert.False(exchange.HandshakeCompleted, exchange.ToString());
    }

    [Theory]
    [InlineData(SslProtocols.Tls12, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)]
    [InlineData(SslProtocols.Tls12, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384)]
    [InlineData(SslProtocols.Tls12, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256)]
    [InlineData(SslProtocols.Tls13, TlsCipherSuite.TLS_AES_128_GCM_SHA256)]
    [InlineData(SslProtocols.Tls13, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256)]
    public async Task A_client_offering_only_an_intermediate_suite_is_served(SslProtocols protocol, TlsCipherSuite suite)
    {
        await using var gateway = await StartAsync();

        var exchange = await TlsExchange.GetAsync(gateway.DataPlane.BoundPorts[443], ServerName, null, protocol, new CipherSuitesPolicy([suite]));

        Assert.Equal("HTTP/1.1 200 OK", exchange.StatusLine);
    }

    [Fact]
    public async Task A_tls11_client_is_refused_and_counted_as_such()
    {
        using var counted = CountedFailures.ClientFailures();
        await using var gateway = await StartAsync();

        // Security level 0 lets OpenSSL's own client offer TLS 1.1 at all, so the refusal is the gateway's.
        var output = await OpenSslClient.ConnectAsync(gateway.DataPlane.BoundPorts[443], "-servername", ServerName, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");

        Assert.Contains("Cipher is (NONE)", output);
        Assert.DoesNotContain("TLSv1.1, Cipher is", output);
        await Wait.UntilAsync(() => counted.Counted.Contains("tls_handshake/protocol_version"), "the refusal was counted as protocol_version");
    }

    [Fact]
    public async Task The_profile_comes_from_the_openssl_configuration_so_a_second_connection_resumes_its_session()
    {
        await using var gateway = await StartAsync(LogLevel.Information);

        // -reconnect connects five more times with the first connection's session.
        var output = await OpenSslClient.ConnectAsync(gateway.DataPlane.BoundPorts[443], "-servername", ServerName, "-tls1_2", "-reconnect");

        Assert.Contains(gateway.Logs.Lines, line => line.Contains("the intermediate profile from the OpenSSL configuration", StringComparison.Ordinal));
        Assert.Contains("Reused, TLSv1.2", output);
    }

    [Fact]
    public async Task The_shipped_openssl_configuration_allows_exactly_the_intermediate_suites()
    {
        var listed = await OpenSslClient.RunAsync(["ciphers", "-s", "-stdname"], Path.Combine(AppContext.BaseDirectory, "openssl-intermediate.cnf"));

        var names = listed.Split(['\n', ':'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')[0]).ToList();
        Assert.Equal(
            [
                "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            ],
            names);
    }
}
