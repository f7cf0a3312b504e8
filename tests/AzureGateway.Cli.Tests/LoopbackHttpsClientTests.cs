using System.Net;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.Cli.Demo;
using AzureGateway.EchoBackend;

namespace AzureGateway.Cli.Tests;

/// <summary>The demo's client against a server that requires a client certificate, as the gateway's mTLS listener does.</summary>
public sealed class LoopbackHttpsClientTests : IAsyncLifetime
{
    private readonly CertificateAuthority _authority;
    private readonly X509Certificate2 _serverCertificate;
    private EchoServer? _server;

    public LoopbackHttpsClientTests()
    {
        _authority = CertificateAuthority.Create("test CA");
        _serverCertificate = _authority.IssueServer(["frontend.com"]);
    }

    private EchoServer Server => _server!;

    public async Task InitializeAsync()
    {
        _server = await EchoServer.StartAsync(
            new EchoServerOptions { ServerCertificate = _serverCertificate, TrustedClientCertificateAuthorities = [_authority.Certificate] },
            CancellationToken.None);
    }

    [Fact]
    public async Task WithAClientCertificateItPresentsIt()
    {
        using var demoClient = _authority.IssueClient("demo-client");
        using var client = new LoopbackHttpsClient(Server.Port, _authority.Certificate, demoClient);

        var (status, body) = await client.GetAsync("frontend.com", CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(demoClient.Thumbprint, EchoAnswer.Parse(body)?.ClientCertificate?.Thumbprint);
    }

    [Fact]
    public async Task WithoutOneTheRefusedHandshakeIsToldApartFromOtherFailures()
    {
        using var client = new LoopbackHttpsClient(Server.Port, _authority.Certificate);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("frontend.com", CancellationToken.None));

        Assert.NotNull(LoopbackHttpsClient.HandshakeRefusal(refused));
        Assert.Empty(Server.Requests);
        Assert.Null(LoopbackHttpsClient.HandshakeRefusal(new HttpRequestException(HttpRequestError.ConnectionError, "connection refused")));
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _serverCertificate.Dispose();
        _authority.Dispose();
    }
}
