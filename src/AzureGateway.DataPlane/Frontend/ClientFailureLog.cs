using System.Security.Authentication;
using AzureGateway.DataPlane.Logging;
using AzureGateway.DataPlane.Metrics;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Frontend;

/// <summary>What a client did that the gateway refused, as the log and the metric name it.</summary>
internal enum ClientFailureKind
{
    /// <summary>The TLS handshake failed on the client's side: no suite or version the listener allows, or not TLS at all.</summary>
    TlsHandshake,

    /// <summary>The request body was larger than <see cref="DataPlaneOptions.MaxRequestBodyBytes"/> (answered 413).</summary>
    RequestBodyTooLarge,

    /// <summary>An HTTP/2 connection closed by Kestrel's flood protection, e.g. streams opened and reset at once ("rapid reset").</summary>
    Http2Flood,
}

/// <summary>
/// The log of clients refused for what they sent: one Information line naming what the client did, then, while the same
/// thing goes on, one line per interval counting the repeats, so a hostile client cannot flood the log. Each event is
/// counted in <see cref="DataPlaneMetrics.ClientFailures"/>. Kestrel's own lines about these events (at Debug, or with a
/// stack trace at Error and Critical) are replaced by these (<see cref="ReplacedLogEvents"/>).
/// </summary>
internal sealed partial class ClientFailureLog : IDisposable
{
    private readonly RepeatedEventLog<(ClientFailureKind Kind, string Reason), string> _log;
    private readonly DataPlaneMetrics _metrics;

    public ClientFailureLog(TimeSpan interval, TimeProvider time, DataPlaneMetrics metrics, ILogger<ClientFailureLog> logger)
    {
        _metrics = metrics;
        _log = new(interval, time,
            (key, detail) => Log.Refused(logger, Describe(key.Kind), key.Reason, detail),
            (key, detail, count, period) => Log.Repeated(logger, Describe(key.Kind), key.Reason, detail, count, period.TotalSeconds));
    }

    /// <summary>A client's TLS handshake failed with <paramref name="exception"/> (from SslStream or OpenSSL).</summary>
    public void TlsHandshakeFailed(Exception exception)
    {
        var (reason, detail) = TlsReason(exception);
        Failed(ClientFailureKind.TlsHandshake, reason, detail);
    }

    /// <summary>
    /// Runs a TLS connection's pipeline, reporting a first record that is not a ClientHello (a client that sends a TLS
    /// alert instead, as OpenSSL does when it has no suite to offer): SslStream then has no server options and throws
    /// NotSupportedException, which Kestrel would log at Error with its stack trace. Kestrel handles other failed
    /// handshakes itself (see <see cref="ReplacedLogEvents"/>).
    /// </summary>
    public async Task ObserveHandshakeAsync(ConnectionDelegate next, ConnectionContext connection)
    {
        try
        {
            await next(connection);
        }
        catch (NotSupportedException e)
        {
            TlsHandshakeFailed(e);
        }
    }

    public void Failed(ClientFailureKind kind, string reason, string detail)
    {
        // Logged before counted: whoever sees the count (an operator's alert, a test) finds the log line already there.
        _log.Add((kind, reason), detail);
        _metrics.ClientFailed(Name(kind), reason);
    }

    public void Dispose() => _log.Dispose();

    /// <summary>The kind as the metric tags it.</summary>
    public static string Name(ClientFailureKind kind) => kind switch
    {
        ClientFailureKind.TlsHandshake => "tls_handshake",
        ClientFailureKind.RequestBodyTooLarge => "request_body_too_large",
        _ => "http2_flood",
    };

    private static string Describe(ClientFailureKind kind) => kind switch
    {
        ClientFailureKind.TlsHandshake => "TLS handshake refused",
        ClientFailureKind.RequestBodyTooLarge => "request body too large, answered 413",
        _ => "HTTP/2 connection closed for flooding",
    };

    /// <summary>
    /// The reason of a failed handshake, from OpenSSL's error text (the innermost message) or SslStream's own: the
    /// vocabulary is OpenSSL's, so the reasons are a short fixed list and the detail is the text itself.
    /// </summary>
    private static (string Reason, string Detail) TlsReason(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }
        var text = innermost.Message;
        string reason = text switch
        {
            _ when text.Contains("no shared cipher", StringComparison.OrdinalIgnoreCase) => "no_shared_cipher",
            _ when text.Contains("unsupported protocol", StringComparison.OrdinalIgnoreCase)
                || text.Contains("version too low", StringComparison.OrdinalIgnoreCase) => "protocol_version",
            _ when text.Contains("wrong version number", StringComparison.OrdinalIgnoreCase)
                || text.Contains("corrupted frame", StringComparison.OrdinalIgnoreCase)
                || exception is NotSupportedException => "not_a_client_hello",
            _ when exception is AuthenticationException && innermost == exception => "refused_by_listener",
            _ => "other",
        };
        var detail = reason switch
        {
            "no_shared_cipher" => "the client offered none of the listener's cipher suites",
            "protocol_version" => "the client offered no TLS version the listener allows (1.2, 1.3)",
            "not_a_client_hello" => "the client sent something other than a TLS ClientHello",
            _ => text,
        };
        return (reason, detail);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Client {What}: {Reason}: {Detail}")]
        public static partial void Refused(ILogger logger, string what, string reason, string detail);

        [LoggerMessage(Level = LogLevel.Information, Message = "Client {What}: {Reason}: {Detail} ({Count} more times in the last {Seconds} s)")]
        public static partial void Repeated(ILogger logger, string what, string reason, string detail, int count, double seconds);
    }
}
