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
    public static string Of(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> sentChain, EquatableArray<string> details)
    {
        var element = new StringBuilder("Hash=").Append(Convert.ToHexStringLower(SHA256.HashData(certificate.RawDataMemory.Span)));
        if (details.Contains("Cert"))
        {
            element.Append(";Cert=").Append(Quoted(Uri.EscapeDataString(PemExport.Certificate(certificate))));
        }
        if (details.Contains("Chain"))
        {
            element.Append(";Chain=").Append(Quoted(Uri.EscapeDataString(PemExport.CertificateWithChain(certificate, [.. sentChain]))));
        }
        if (details.Contains("Subject"))
        {
            element.Append(";Subject=").Append(Quoted(certificate.Subject));
        }
        var names = details.Contains("URI") || details.Contains("DNS") ? SubjectAltNames.Of(certificate) : null;
        if (details.Contains("URI"))
        {
            foreach (var uri in names!.Uris)
            {
                element.Append(";URI=").Append(Value(uri));
            }
        }
        if (details.Contains("DNS"))
        {
            foreach (var dns in names!.DnsNames)
            {
                element.Append(";DNS=").Append(Value(dns));
            }
        }
        return element.ToString();
    }

    private static string Value(string value) => value.AsSpan().IndexOfAny(",;=\"") >= 0 ? Quoted(value) : value;

    private static string Quoted(string value) => $"\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
