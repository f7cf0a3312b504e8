using System.Net;
using System.Security.Authentication;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.EchoBackend;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Tests;

/// <summary>TLS termination: the certificate chosen by SNI, protocol versions and ALPN, rotation.</summary>
public sealed class FrontendTlsTests : IAsyncLifetime
{
    private readonly CertificateAuthority _ca = CertificateAuthority.Create("Frontend Test CA");
    private EchoServer _backend = null!;

    public async Task InitializeAsync() => _backend = await EchoServer.StartAsync(
        new EchoServerOptions { ServerCertificate = _ca.IssueServer(["backend.internal"]) }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        _ca.Dispose();
    }

    private CertificateIr Issue(string name) => TestPki.KeyPair(_ca.IssueServer([name]));

    private GatewayIr Serving(params ListenerTlsIr[] certificates) => Ir.Gateway(
        Ir.HttpsPort(443, certificates, Ir.Host("*", Ir.Route("route", "backend"))),
        Ir.Cluster("backend", _backend.Port, Ir.Tls("backend.internal", TestPki.Anchor(_ca.Certificate))));

    [Theory]
    [InlineData("www.example.com", "www")]
    [InlineData("WWW.Example.com", "www")]
    [InlineData("api.example.com", "wildcard")]
    [InlineData("a.b.example.com", "wildcard")]
    [InlineData("x.eu.example.com", "eu-wildcard")]
    [InlineData("other.org", "default")]
    [InlineData(null, "default")]
    public async Task Sni_picks_the_exact_name_then_the_longest_wildcard_then_the_default(string? sni, string expected)
    {
        var certificates = new Dictionary<string, CertificateIr>
        {
            ["www"] = Issue("www.example.com"),
            ["wildcard"] = Issue("*.example.com"),
            ["eu-wildcard"] = Issue("*.eu.example.com"),
            ["default"] = Issue("default.example.com"),
        };
        await using var gateway = await TestGateway.StartAsync(Serving(
            Ir.ServerCertificate("*.example.com", certificates["wildcard"]),
            Ir.ServerCertificate("www.example.com", certificates["www"]),
            Ir.ServerCertificate(null, certificates["default"]),
            Ir.ServerCertificate("*.eu.example.com", certificates["eu-wildcard"])));

        var (certificate, _, _) = await Handshake.WithAsync(gateway.DataPlane.BoundPorts[443], sni);

        Assert.Equal(certificates[expected].Thumbprint, PemCertificates.Thumbprint(certificate));
    }

    [Fact]
    public async Task Sni_matching_no_certificate_gets_the_first_one_when_there_is_no_default()
    {
        var first = Issue("www.example.com");
        await using var gateway = await TestGateway.StartAsync(Serving(
            Ir.ServerCertificate("www.example.com", first),
            Ir.ServerCertificate("api.example.com", Issue("api.example.com"))));

        var (certificate, _, _) = await Handshake.WithAsync(gateway.DataPlane.BoundPorts[443], "other.org");

        Assert.Equal(first.Thumbprint, PemCertificates.Thumbprint(certificate));
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Tls_12_and_13_are_accepted_and_alpn_offers_h2(SslProtocols protocol)
    {
        await using var gateway = await TestGateway.StartAsync(Serving(Ir.ServerCertificate(null, Issue("www.example.com"))));

        var (_, negotiated, alpn) = await Handshake.WithAsync(gateway.DataPlane.BoundPorts[443], "www.example.com", protocol);

        Assert.Equal(protocol, negotiated);
        Assert.Equal("h2", alpn);
    }

    [Fact]
    public async Task Http2_clients_are_served_and_their_authority_reaches_the_backend_as_host()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(Ir.ServerCertificate(null, Issue("www.example.com"))));
        using var client = gateway.Client(443, HttpVersion.Version20);

        using var response = await client.GetAsync("https://www.example.com/h2");
        var echo = System.Text.Json.JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), EchoJsonContext.Default.EchoResponse)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("www.example.com", echo.Host);
        Assert.Equal("/h2", echo.Path);
    }

    [Fact]
    public async Task Rotated_certificate_is_presented_by_the_next_handshake_while_open_connections_keep_working()
    {
        var before = Issue("www.example.com");
        var after = Issue("www.example.com");
        await using var gateway = await TestGateway.StartAsync(Serving(Ir.ServerCertificate("www.example.com", before)));
        var port = gateway.DataPlane.BoundPorts[443];
        using var client = gateway.Client(443);
        await client.EchoAsync("https://www.example.com/");
        Assert.Equal(before.Thumbprint, PemCertificates.Thumbprint((await Handshake.WithAsync(port, "www.example.com")).Certificate));

        await gateway.ApplyAsync(Serving(Ir.ServerCertificate("www.example.com", after)));

        Assert.Equal(after.Thumbprint, PemCertificates.Thumbprint((await Handshake.WithAsync(port, "www.example.com")).Certificate));
        await client.EchoAsync("https://www.example.com/");
        Assert.Equal(1, client.Connections);
        Assert.Equal(port, gateway.DataPlane.BoundPorts[443]);
    }
}
