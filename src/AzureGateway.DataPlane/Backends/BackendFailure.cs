using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.RegularExpressions;

namespace AzureGateway.DataPlane.Backends;

/// <summary>Why a request to a backend failed, in the categories an operator acts on.</summary>
internal enum BackendFailureKind
{
    /// <summary>The backend's certificate does not chain to a trusted CA (or fails another chain check).</summary>
    UntrustedCa,

    /// <summary>The backend's certificate does not carry the name it is verified against.</summary>
    NameMismatch,

    /// <summary>The backend's certificate has expired or is not valid yet.</summary>
    Expired,

    /// <summary>The backend rejected the client certificate (or its absence) with a TLS alert.</summary>
    ClientCertificateRefused,

    /// <summary>Another TLS handshake failure, e.g. no common protocol version.</summary>
    TlsHandshake,

    ConnectionRefused,
    Timeout,

    /// <summary>Any other connection or protocol error.</summary>
    ConnectionFailed,
}

/// <summary>A classified backend failure with one sentence saying why.</summary>
internal sealed partial record BackendFailure(BackendFailureKind Kind, string Reason)
{
    /// <summary>
    /// Classifies what the forwarder saw. Failures while connecting, and TLS alerts in place of a new connection's
    /// first answer, were classified where they happened (<see cref="BackendConnector"/>, <see cref="BackendTlsStream"/>);
    /// otherwise a TLS alert is named, a connection that ended before the answer's headers is said to, or the error is
    /// passed on in its own words.
    /// </summary>
    public static BackendFailure Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BackendConnectException connect)
            {
                return connect.Failure;
            }
        }
        if (FromTlsAlert(exception) is { } alert)
        {
            return alert;
        }
        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded })
        {
            return new BackendFailure(BackendFailureKind.ConnectionFailed, "the backend closed the connection without answering");
        }
        return new BackendFailure(
            exception is TimeoutException or OperationCanceledException ? BackendFailureKind.Timeout : BackendFailureKind.ConnectionFailed,
            Innermost(exception).Message);
    }

    /// <summary>
    /// The failure a TLS alert in <paramref name="exception"/> (or its causes) names, or null when there is none.
    /// <paramref name="refused"/> says what an alert about the client certificate refused.
    /// </summary>
    public static BackendFailure? FromTlsAlert(Exception exception, string refused = "our client certificate")
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var alert = AlertPattern().Match(e.Message);
            if (!alert.Success)
            {
                continue;
            }
            var name = alert.Groups["name"].Value.Trim();
            return name is "certificate required" or "bad certificate" or "unknown ca" or "certificate unknown"
                or "certificate expired" or "certificate revoked" or "unsupported certificate" or "access denied"
                ? new BackendFailure(BackendFailureKind.ClientCertificateRefused, $"the backend refused {refused} (TLS alert: {name})")
                : new BackendFailure(BackendFailureKind.TlsHandshake, $"the backend ended the TLS session (TLS alert: {name})");
        }
        return null;
    }

    /// <summary>The exception that says what went wrong: the socket's or TLS's own, else the innermost.</summary>
    public static Exception Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null && e is not SocketException and not AuthenticationException)
        {
            e = e.InnerException;
        }
        return e;
    }

    // OpenSSL words a received alert as e.g. "SSL routines::tlsv13 alert certificate required".
    [GeneratedRegex(@"(?:sslv3|tlsv1|tlsv13) alert (?<name>[a-z ]+)", RegexOptions.CultureInvariant)]
    private static partial Regex AlertPattern();
}

/// <summary>A connection to a backend that could not be opened, carrying the classified reason.</summary>
internal sealed class BackendConnectException(BackendFailure failure, Exception? innerException)
    : IOException(failure.Reason, innerException)
{
    public BackendFailure Failure { get; } = failure;
}
