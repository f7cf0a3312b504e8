using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AzureGateway.EchoBackend;

public sealed record EchoServerOptions
{
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port; read it back from <see cref="EchoServer.Port"/>.</summary>
    public int Port { get; init; }

    /// <summary>
    /// The server certificate, with its private key; null serves plain HTTP (no TLS, so no client certificates).
    /// </summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>
    /// Certificates sent after the server certificate in the handshake (its intermediates), if any.
    /// </summary>
    public X509Certificate2Collection? ServerCertificateChain { get; init; }

    /// <summary>When set, a client certificate issued by one of these is required; null accepts any client.</summary>
    public X509Certificate2Collection? TrustedClientCertificateAuthorities { get; init; }

    /// <summary>
    /// The HTTP versions served; ALPN offers only these. Null: HTTP/1.1 and HTTP/2 over TLS, HTTP/1.1 in plain text.
    /// <see cref="HttpProtocols.Http2"/> in plain text is h2c by prior knowledge; <see cref="HttpProtocols.Http1"/> over
    /// TLS is a backend that refuses a client offering only <c>h2</c>.
    /// </summary>
    public HttpProtocols? Protocols { get; init; }

    /// <summary>Reported in every answer, so that a client behind a gateway can tell which of several backends answered.</summary>
    public string? Name { get; init; }
}
