using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// The HTTP version a request is forwarded with. HTTP/2 streams share the HTTP client's pooled connections (as many as
/// the backend allows on each, see <see cref="DataPlaneOptions.EnableMultipleHttp2Connections"/>).
/// </summary>
internal static class BackendHttpVersions
{
    /// <summary>HTTP/1.1; an upgrade (WebSocket) goes as an HTTP/1.1 upgrade whatever the client spoke.</summary>
    public static readonly ForwarderRequestConfig Http11 = new()
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    /// <summary>
    /// HTTP/2 only: h2 over TLS (the connector refuses a backend that does not agree to it by ALPN), prior knowledge
    /// (h2c) in plain text; an upgrade goes as an extended CONNECT.
    /// </summary>
    public static readonly ForwarderRequestConfig Http2 = new()
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>HTTP/2 when the backend chose <c>h2</c> by ALPN, else HTTP/1.1: over TLS only, where there is ALPN.</summary>
    public static readonly ForwarderRequestConfig Negotiated = new()
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };
}
