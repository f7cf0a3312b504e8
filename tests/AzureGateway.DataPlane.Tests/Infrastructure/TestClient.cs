using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using AzureGateway.EchoBackend;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// An HTTP client that connects to a gateway port on loopback whatever host name the URL has, so the SNI and
/// Host header are the URL's. It accepts any server certificate and remembers the last one, and counts the
/// connections it opened. Given a client certificate, it presents it to a server that asks for one.
/// </summary>
internal sealed class TestClient : IDisposable
{
    private readonly HttpClient _client;
    private int _connections;

    public TestClient(int port, Version? version = null, SslStreamCertificateContext? clientCertificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            // Redirects and cookies are what the gateway answers; the tests read them rather than follow them.
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = (_, cancellationToken) =>
            {
                Interlocked.Increment(ref _connections);
                return LoopbackConnection.OpenAsync(port, cancellationToken);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                // A context is sent as it is, with its chain, where a certificate collection would be filtered by the server's CA list.
                ClientCertificateContext = clientCertificate,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    LastServerCertificate = certificate is null ? null : new X509Certificate2(certificate);
                    return true;
                },
            },
        };
        _client = new HttpClient(handler)
        {
            DefaultRequestVersion = version ?? HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public int Connections => Volatile.Read(ref _connections);

    public X509Certificate2? LastServerCertificate { get; private set; }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default) =>
        _client.SendAsync(request, cancellationToken);

    public Task<HttpResponseMessage> GetAsync(string url) => _client.GetAsync(url);

    /// <summary>GETs <paramref name="url"/>, expects 200 and returns what the echo backend saw.</summary>
    public async Task<EchoResponse> EchoAsync(string url, HttpRequestMessage? request = null)
    {
        using var response = await _client.SendAsync(request ?? new HttpRequestMessage(HttpMethod.Get, url));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize(body, EchoJsonContext.Default.EchoResponse)!;
    }

    public void Dispose() => _client.Dispose();
}
