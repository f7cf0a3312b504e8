using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using AzureGateway.Certificates;

namespace AzureGateway.Cli.Demo;

/// <summary>
/// What the echo backend says it saw: the TLS version, the SNI, and the client certificate the gateway presented
/// (the first of its <c>peerCertificates</c>).
/// </summary>
public sealed record EchoAnswer(string? TlsVersion, string? ServerName, X509Certificate2? ClientCertificate)
{
    /// <summary>Reads the echo backend's JSON; null when the text is not a JSON object (an error page).</summary>
    public static EchoAnswer? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var peers = root.TryGetProperty("peerCertificates", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(p => p.GetString()).OfType<string>().ToList()
                : [];
            var clientCertificate = peers.Count == 0 ? null : PemCertificates.ReadBundle(peers[0]).Value?[0];
            return new EchoAnswer(String(root, "tlsVersion"), String(root, "sni"), clientCertificate);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
