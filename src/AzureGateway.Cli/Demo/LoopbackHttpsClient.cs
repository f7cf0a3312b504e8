using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace AzureGateway.Cli.Demo;

/// <summary>
/// Sends HTTPS requests for a virtual host to a gateway port on 127.0.0.1, as
/// <c>curl --cacert CA --resolve HOST:PORT:127.0.0.1</c> does: SNI and Host name the virtual host, and the
/// gateway's certificate must be issued by <c>CA</c> for that name.
/// </summary>
public sealed class LoopbackHttpsClient : IDisposable
{
    private readonly HttpClient _client;
    private readonly int _port;

    public LoopbackHttpsClient(int port, X509Certificate2 trustedAuthority)
    {
        _port = port;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { trustedAuthority },
                    // A private CA publishes no revocation list.
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        };
        _client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address(string host) => new($"https://{host}:{_port}/");

    /// <summary>GETs <c>/</c> of <paramref name="host"/>; returns the status and body whatever the status.</summary>
    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string host, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(Address(host), cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public void Dispose() => _client.Dispose();
}
