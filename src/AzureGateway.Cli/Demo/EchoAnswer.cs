using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using AzureGateway.Certificates;
using AzureGateway.EchoBackend;

namespace AzureGateway.Cli.Demo;

/// <summary>
/// What the echo backend says it saw: the TLS version, the SNI, the client certificate the gateway presented
/// (the first of its <c>peerCertificates</c>), and what the gateway told it of its own client: the certificate it
/// forwarded (<c>X-Forwarded-Client-Cert</c>) and the verdict on it (<c>X-Client-Cert-Verify</c>).
/// </summary>
public sealed record EchoAnswer(
    string? TlsVersion,
    string? ServerName,
    X509Certificate2? ClientCertificate,
    ForwardedClientCertificate? ForwardedClient,
    string? ClientVerification)
{
    /// <summary>Reads the echo backend's JSON; null when the text is not its answer (an error page, say).</summary>
    public static EchoAnswer? Parse(string json)
    {
        EchoResponse? response;
        try
        {
            response = JsonSerializer.Deserialize(json, EchoJsonContext.Default.EchoResponse);
        }
        catch (JsonException)
        {
            return null;
        }
        if (response is null)
        {
            return null;
        }
        var clientCertificate = response.PeerCertificates.Count == 0
            ? null
            : PemCertificates.ReadBundle(response.PeerCertificates[0]).Value?[0];
        return new EchoAnswer(
            response.TlsVersion,
            response.Sni,
            clientCertificate,
            response.Headers.TryGetValue("x-forwarded-client-cert", out var forwarded) ? ForwardedClientCertificate.Parse(forwarded) : null,
            response.Headers.GetValueOrDefault("x-client-cert-verify"));
    }
}
