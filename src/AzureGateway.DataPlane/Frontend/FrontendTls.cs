using System.Net.Security;
using System.Security.Authentication;
using AzureGateway.DataPlane.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace AzureGateway.DataPlane.Frontend;

/// <summary>
/// TLS termination for one HTTPS port. The certificate is chosen per handshake from the configuration
/// current at that moment, so a rotated certificate is presented by the next handshake without rebinding.
/// </summary>
internal sealed class FrontendTls(ActiveConfig active, int port)
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    public TlsHandshakeCallbackOptions CallbackOptions() => new()
    {
        OnConnection = OptionsFor,
        HandshakeTimeout = HandshakeTimeout,
    };

    private ValueTask<SslServerAuthenticationOptions> OptionsFor(TlsHandshakeCallbackContext context)
    {
        var serverName = context.ClientHelloInfo.ServerName;
        var certificate = active.Current.Ports.GetValueOrDefault(port)?.CertificateFor(serverName)
            ?? throw new AuthenticationException($"port {port} has no certificate for '{serverName}'");
        return ValueTask.FromResult(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            // Kestrel leaves ALPN to the callback; h2 first so HTTP/2 clients get it.
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        });
    }
}
