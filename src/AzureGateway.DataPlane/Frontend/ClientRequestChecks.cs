using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AzureGateway.DataPlane.Frontend;

/// <summary>
/// What the gateway checks and removes in a client's request before routing it, beyond what Kestrel already refuses
/// (NUL, CR or LF in a value, several differing <c>Content-Length</c>s, HTTP/1.1 without <c>Host</c>, non-ASCII bytes).
/// Kestrel reads a <c>Content-Length</c> of <c>+5</c> as 5 and gives the application only the number, so the backend
/// gets <c>Content-Length: 5</c> and 5 bytes, consistent with what the gateway read; refusing the sign would take a
/// parser of the raw request head.
/// A request that fails is answered 400 and nothing of it reaches a backend.
/// </summary>
internal static class ClientRequestChecks
{
    /// <summary>
    /// Hop-by-hop headers YARP already leaves out of the backend request, or needs as they are to forward an upgrade;
    /// and the framing and routing headers the request has already been read by. A <c>Connection</c> token naming one
    /// of them removes nothing.
    /// </summary>
    private static readonly HashSet<string> NotRemovedByConnection = new(StringComparer.OrdinalIgnoreCase)
    {
        "close", "keep-alive", HeaderNames.Connection, HeaderNames.Upgrade, HeaderNames.TE, HeaderNames.TransferEncoding,
        HeaderNames.ContentLength, HeaderNames.Host, "Proxy-Connection", "HTTP2-Settings",
    };

    /// <summary>Why the request cannot be forwarded, or null when it can.</summary>
    public static string? Malformed(HttpRequest request)
    {
        // A gateway routes by Host: without one (HTTP/1.0 allows that) the request could only reach a catch-all listener,
        // and its backend would see the endpoint's own address as Host, which names no host the client meant.
        if (string.IsNullOrEmpty(request.Headers.Host))
        {
            return "the request has no Host header";
        }
        foreach (var header in request.Headers)
        {
            foreach (var value in header.Value)
            {
                if (value is not null && HasControlCharacter(value))
                {
                    return $"header {header.Key} has a control character";
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Removes the headers the client's <c>Connection</c> header names: they were meant for the gateway alone (RFC 9110
    /// §7.6.1). YARP removes the fixed hop-by-hop set but not the names a client lists. Kestrel hands on a
    /// <c>Connection</c> that contains <c>close</c> as <c>close</c> alone, so the names listed beside it are not seen here.
    /// </summary>
    public static void RemoveConnectionOptions(IHeaderDictionary headers)
    {
        foreach (var line in headers.Connection)
        {
            foreach (var token in (line ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!NotRemovedByConnection.Contains(token))
                {
                    headers.Remove(token);
                }
            }
        }
    }

    // RFC 9110 §5.5: a field value is visible characters, spaces and tabs (and obs-text, which Kestrel refuses already).
    private static bool HasControlCharacter(string value) => value.Any(c => (c < 0x20 && c != '\t') || c == 0x7f);
}
