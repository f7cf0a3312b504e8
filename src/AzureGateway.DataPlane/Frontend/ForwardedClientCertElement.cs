using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Backends;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Frontend;

/// <summary>
/// One element of the <c>X-Forwarded-Client-Cert</c> header in Envoy's format, for a verified client certificate:
/// <c>Hash=&lt;hex SHA-256 of the DER&gt;</c>, then the details the listener asks for in Envoy's order,
/// <c>Cert="&lt;URL-encoded PEM&gt;"</c>, <c>Chain="&lt;URL-encoded PEM of it and the certificates the client sent&gt;"</c>,
/// <c>Subject="&lt;subject&gt;"</c>, and one <c>URI=</c> and <c>DNS=</c> per subject alternative name, separated by ';'.
/// Subject, Cert and Chain are always quoted; another value is quoted when it holds one of <c>,;="</c>, with '"' and '\'
/// escaped by '\'. Envoy's <c>By=</c> (the proxy's own URI SAN) is not written: listener certificates rarely carry one.
/// </summary>
internal static class ForwardedClientCertElement
{
    /// <summary>The details a listener may ask for, in the order Envoy writes them (after <c>Hash</c>).</summary>
    public static readonly IReadOnlyList<string> Details = ["Cert", "Chain", "Subject", "URI", "DNS"];

    public static string Of(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> sentChain, EquatableArray<string> details)
    {
        var element = new StringBuilder("Hash=").Append(Convert.ToHexStringLower(SHA256.HashData(certificate.RawDataMemory.Span)));
        var names = details.Contains("URI") || details.Contains("DNS") ? SubjectAltNames.Of(certificate) : null;
        foreach (var detail in Details.Where(details.Contains))
        {
            IEnumerable<string> values = detail switch
            {
                "Cert" => [Quoted(Uri.EscapeDataString(PemExport.Certificate(certificate)))],
                "Chain" => [Quoted(Uri.EscapeDataString(PemExport.CertificateWithChain(certificate, [.. sentChain])))],
                "Subject" => [Quoted(certificate.Subject)],
                "URI" => names!.Uris.Select(Value),
                _ => names!.DnsNames.Select(Value),
            };
            foreach (var value in values)
            {
                element.Append(';').Append(detail).Append('=').Append(value);
            }
        }
        return element.ToString();
    }

    private static string Value(string value) => value.AsSpan().IndexOfAny(",;=\"") >= 0 ? Quoted(value) : value;

    private static string Quoted(string value) => $"\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
