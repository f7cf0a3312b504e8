using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// What a client saw of one GET over its own TLS connection: whether its handshake completed, and then the status line
/// of the answer, or how the connection ended without one.
/// </summary>
internal sealed record TlsExchangeResult(bool HandshakeCompleted, string? StatusLine, string? Ending)
{
    public override string ToString() => $"handshake {(HandshakeCompleted ? "completed" : "failed")}, {StatusLine ?? Ending}";
}

/// <summary>
/// One GET over a TLS connection the test opens itself, to see how the gateway ends a handshake it refuses, which an
/// HTTP client would hide behind its own exceptions, or to send a Host other than the SNI.
/// </summary>
internal static class TlsExchange
{
    public static async Task<TlsExchangeResult> GetAsync(int port, string? serverName, X509Certificate2? clientCertificate,
        SslProtocols protocols = SslProtocols.None, CipherSuitesPolicy? cipherSuites = null, string? host = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(client.GetStream());
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = serverName,
                EnabledSslProtocols = protocols,
                CipherSuitesPolicy = cipherSuites,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                ClientCertificateContext = clientCertificate is null ? null : SslStreamCertificateContext.Create(clientCertificate, null, offline: true),
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            }).WaitAsync(Wait.Timeout);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return new TlsExchangeResult(false, null, $"{e.GetType().Name}: {e.Message}");
        }
        try
        {
            await tls.WriteAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {host ?? serverName ?? "localhost"}\r\nConnection: close\r\n\r\n"));
            using var reader = new StreamReader(tls, Encoding.ASCII);
            var statusLine = await reader.ReadLineAsync().WaitAsync(Wait.Timeout);
            return new TlsExchangeResult(true, statusLine, statusLine is null ? "end of stream" : null);
        }
        catch (IOException e)
        {
            return new TlsExchangeResult(true, null, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
