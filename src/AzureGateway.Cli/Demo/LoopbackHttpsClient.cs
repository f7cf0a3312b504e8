using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace AzureGateway.Cli.Demo;

/// <summary>
/// Sends HTTPS requests for a virtual host to a gateway port on 127.0.0.1, as
/// <c>curl --cacert CA --resolve HOST:PORT:127.0.0.1</c> does: SNI and Host name the virtual host, and the
/// gateway's certificate must be issued by <c>CA</c> for that name. With a client certificate it presents it when
/// the gateway asks, as <c>curl --cert --key</c> does.
/// </summary>
public sealed class LoopbackHttpsClient : IDisposable
{
    private readonly HttpClient _client;
    private readonly int _port;

    public LoopbackHttpsClient(int port, X509Certificate2 trustedAuthority, X509Certificate2? clientCertificate = null)
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
                ClientCertificateContext = clientCertificate is null ? null : SslStreamCertificateContext.Create(clientCertificate, null, offline: true),
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

    /// <summary>
    /// Why the server refused the TLS handshake, when <paramref name="e"/> is that refusal; null for any other failure.
    /// A server that refuses the client's certificate closes the connection. With TLS 1.3 the client has finished its
    /// part of the handshake by then and sent its request, so it sees the connection end without an answer; with
    /// TLS 1.2 it sees the handshake fail.
    /// </summary>
    public static string? HandshakeRefusal(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.ResponseEnded => "the connection was closed without an answer",
        HttpRequestError.SecureConnectionError => Innermost(e).Message,
        _ => null,
    };

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    public void Dispose() => _client.Dispose();
}
