using System.Text.Json;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;

namespace AzureGateway.EchoBackend;

/// <summary>What the echo backend saw of one request and the TLS connection it came on.</summary>
public sealed record EchoResponse
{
    /// <summary>The backend's <see cref="EchoServerOptions.Name"/>, or null when it has none.</summary>
    public string? Name { get; init; }

    /// <summary>e.g. <c>Tls13</c>, or <c>None</c> on plain HTTP.</summary>
    public required string TlsVersion { get; init; }

    /// <summary>The server name the client sent (SNI), or null when it sent none.</summary>
    public string? Sni { get; init; }

    /// <summary>e.g. <c>TLS_AES_256_GCM_SHA384</c>.</summary>
    public string? CipherSuite { get; init; }

    /// <summary>The application protocol agreed by ALPN, e.g. <c>http/1.1</c>, or null when none was.</summary>
    public string? Alpn { get; init; }

    /// <summary>The request's HTTP version, e.g. <c>HTTP/1.1</c> or <c>HTTP/2</c>.</summary>
    public string? HttpVersion { get; init; }

    public required string Method { get; init; }

    /// <summary>The path and the query string, as received.</summary>
    public required string Path { get; init; }

    /// <summary>The query string with its leading '?', or empty when there is none.</summary>
    public string Query { get; init; } = "";

    public required string Host { get; init; }

    /// <summary>
    /// The request headers by lower-case name; a header sent several times has its values joined by commas, as
    /// HTTP allows a receiver to combine them.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Which request this is, from 1, among those carrying the same <c>x-echo-request-id</c> (always 1 without one):
    /// a retried request counts up.
    /// </summary>
    public int Attempt { get; init; } = 1;

    /// <summary>Length of the request body, which is read to its end before answering.</summary>
    public long BodyBytes { get; init; }

    /// <summary>The client certificate first, then any chain certificates the client sent, in PEM.</summary>
    public IReadOnlyList<string> PeerCertificates { get; init; } = [];

    public string? ClientCertificateSubject { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(EchoResponse))]
public sealed partial class EchoJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context the server writes with: PEM keeps its '+' and '/' instead of \u escapes, so a person can
    /// paste a certificate from the answer. The answer is JSON for clients and terminals, never embedded in HTML.
    /// </summary>
    public static EchoJsonContext Readable { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    });
}
