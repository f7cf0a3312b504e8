using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using AzureGateway.Certificates;

namespace AzureGateway.Cli.Demo;

/// <summary>
/// What the echo backend says it saw: the TLS version, the SNI, and the client certificate the gateway presented.
/// </summary>
public sealed record EchoAnswer(string? TlsVersion, string? ServerName, X509Certificate2? ClientCertificate)
{
    // Fields are found by what their names end with (nested names joined: tls.version reads as "tlsversion"),
    // and the client certificate as the first PEM certificate anywhere, so the demo does not break when the echo
    // answer groups or adds fields.
    private static readonly string[] TlsVersionNames = ["tlsversion", "tlsprotocol", "sslprotocol"];
    private static readonly string[] ServerNameNames = ["sni", "servername"];

    /// <summary>Reads the echo JSON; null when it is not JSON.</summary>
    public static EchoAnswer? Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
        using (document)
        {
            var strings = new List<(string Path, string Value)>();
            Collect(document.RootElement, "", strings);
            var pem = strings.Select(s => s.Value).FirstOrDefault(v => v.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal));
            var certificate = pem is null ? null : PemCertificates.ReadBundle(pem).Value?[0];
            return new EchoAnswer(Find(strings, TlsVersionNames), Find(strings, ServerNameNames), certificate);
        }
    }

    private static string? Find(List<(string Path, string Value)> strings, string[] names) =>
        names.Select(name => strings.FirstOrDefault(s => s.Path.EndsWith(name, StringComparison.Ordinal)).Value)
            .FirstOrDefault(value => value is not null);

    private static void Collect(JsonElement element, string path, List<(string, string)> strings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, path + Normalize(property.Name), strings);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, path, strings);
                }
                break;
            case JsonValueKind.String:
                strings.Add((path, element.GetString()!));
                break;
            case JsonValueKind.Number:
                strings.Add((path, element.GetRawText()));
                break;
        }
    }

    private static string Normalize(string name) => string.Concat(name.Where(char.IsLetterOrDigit)).ToLowerInvariant();
}
