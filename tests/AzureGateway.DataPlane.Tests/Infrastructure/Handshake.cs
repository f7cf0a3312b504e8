using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>A bare TLS handshake with a gateway port, to see which certificate and protocol it offers.</summary>
internal static class Handshake
{
    public static async Task<(X509Certificate2 Certificate, SslProtocols Protocol, string Alpn)> WithAsync(
        int port, string? serverName, SslProtocols protocols = SslProtocols.None)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(client.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            // Null sends no SNI at all; the certificate is captured, not judged.
            TargetHost = serverName,
            EnabledSslProtocols = protocols,
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        return (new X509Certificate2(tls.RemoteCertificate!), tls.SslProtocol, tls.NegotiatedApplicationProtocol.ToString());
    }
}
