using System.Net.Security;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// What a cluster's TLS connections offer by ALPN, and what they make of the backend's choice. The connector is told, by
/// the version of the request the HTTP client opens a connection for, which version the connection is for and offers
/// only what that version can use: an HTTP/1.1 connection offers <c>http/1.1</c>; an HTTP/2 one offers <c>h2</c>, and
/// <c>http/1.1</c> after it when the cluster is <see cref="BackendProtocolIr.Negotiated"/> (the HTTP client reads the
/// choice from the stream and uses the connection for HTTP/1.1 when the backend chose it). A TLS route's connection
/// offers nothing: the bytes it carries are the client's, in a protocol the gateway does not know.
/// </summary>
internal sealed class BackendAlpn(BackendProtocolIr protocol)
{
    private static readonly List<SslApplicationProtocol> Http11Only = [SslApplicationProtocol.Http11];
    private static readonly List<SslApplicationProtocol> Http2Only = [SslApplicationProtocol.Http2];
    private static readonly List<SslApplicationProtocol> Http2ThenHttp11 = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    public BackendProtocolIr Protocol { get; } = protocol;

    /// <summary>
    /// The protocols offered on a connection for <paramref name="use"/>. A trial connection (passive health) offers what
    /// the cluster's requests would: it tells whether the backend agrees, not which pool will use it.
    /// </summary>
    public List<SslApplicationProtocol>? Offered(ConnectionUse use) => use switch
    {
        ConnectionUse.Stream => null,
        ConnectionUse.Http11 => Http11Only,
        _ => Protocol switch
        {
            BackendProtocolIr.Http2 => Http2Only,
            BackendProtocolIr.Negotiated => Http2ThenHttp11,
            _ => Http11Only,
        },
    };

    /// <summary>
    /// What the backend's choice means for a connection opened for <paramref name="use"/>:
    /// <see cref="AlpnOutcome.Http11Chosen"/> when a <see cref="BackendProtocolIr.Negotiated"/> backend chose HTTP/1.1
    /// (or nothing, which RFC 7301 reads as the default, HTTP/1.1) where the connection was offered for HTTP/2; a refusal
    /// when an <see cref="BackendProtocolIr.Http2"/> backend chose something else than <c>h2</c>.
    /// </summary>
    public AlpnOutcome Judge(ConnectionUse use, SslApplicationProtocol chosen)
    {
        if (use != ConnectionUse.Http2 || chosen == SslApplicationProtocol.Http2)
        {
            return AlpnOutcome.Serves;
        }
        return Protocol == BackendProtocolIr.Negotiated ? AlpnOutcome.Http11Chosen : AlpnOutcome.Refused;
    }

    /// <summary>How the backend's choice reads in a log line: <c>http/1.1</c>, or "no protocol" when it chose none.</summary>
    public static string Name(SslApplicationProtocol chosen) =>
        chosen.Protocol.IsEmpty ? "no protocol" : System.Text.Encoding.ASCII.GetString(chosen.Protocol.Span);
}

/// <summary>What a connection to a backend is opened for.</summary>
internal enum ConnectionUse
{
    /// <summary>HTTP/1.1 requests (and upgrades) of the HTTP client's pool.</summary>
    Http11,

    /// <summary>HTTP/2 streams of the HTTP client's pool.</summary>
    Http2,

    /// <summary>A trial connection of passive health, whose stream is closed once it is open.</summary>
    Trial,

    /// <summary>A connection of a terminating TLS route, carrying the client's bytes as they are.</summary>
    Stream,
}

/// <summary>What the backend's ALPN choice means for the connection.</summary>
internal enum AlpnOutcome
{
    Serves,
    Http11Chosen,
    Refused,
}
