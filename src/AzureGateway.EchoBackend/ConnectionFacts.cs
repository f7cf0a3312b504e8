using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace AzureGateway.EchoBackend;

/// <summary>What the server saw of the connection a request came on, as both the HTTP and the gRPC echo report it.</summary>
internal sealed record ConnectionFacts(string TlsVersion, string? Sni, string? CipherSuite, string? Alpn, string? ClientCertificateSubject)
{
    public static ConnectionFacts Of(HttpContext context)
    {
        var handshake = context.Features.Get<ITlsHandshakeFeature>();
        var alpn = context.Features.Get<ITlsApplicationProtocolFeature>()?.ApplicationProtocol;
        return new ConnectionFacts(
            handshake?.Protocol.ToString() ?? "None",
            string.IsNullOrEmpty(handshake?.HostName) ? null : handshake.HostName,
            handshake?.NegotiatedCipherSuite?.ToString(),
            alpn is { Length: > 0 } protocol ? Encoding.ASCII.GetString(protocol.Span) : null,
            context.Connection.ClientCertificate?.Subject);
    }
}
