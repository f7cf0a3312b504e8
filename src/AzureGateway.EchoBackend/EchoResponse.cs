using System.Text.Json;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;

namespace AzureGateway.EchoBackend;

/// <summary>What the echo backend saw of one request and the TLS connection it came on.</summary>
public sealed record EchoResponse
{
    /// <summary>e.g. <c>Tls13</c>.</summary>
    public required string TlsVersion { get; init; }

    /// <summary>The server name the client sent (SNI), or null when it sent none.</summary>
    public string? Sni { get; init; }

    /// <summary>e.g. <c>TLS_AES_256_GCM_SHA384</c>.</summary>
    public string? CipherSuite { get; init; }

    /// <summary>The application protocol agreed by ALPN, e.g. <c>http/1.1</c>, or null when none was.</summary>
    public string? Alpn { get; init; }

    public required string Method { get; init; }
    public required string Path { get; init; }
    public required string Host { get; init; }

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
