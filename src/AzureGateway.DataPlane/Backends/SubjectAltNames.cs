using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AzureGateway.DataPlane.Backends;

/// <summary>The DNS, URI and email subject alternative names of a certificate, and RFC 6125 DNS name matching.</summary>
internal sealed record SubjectAltNames(IReadOnlyList<string> DnsNames, IReadOnlyList<string> Uris, IReadOnlyList<string> Emails)
{
    private static readonly Asn1Tag EmailTag = new(TagClass.ContextSpecific, 1);
    private static readonly Asn1Tag DnsNameTag = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    public static SubjectAltNames Of(X509Certificate2 certificate)
    {
        var dnsNames = new List<string>();
        var uris = new List<string>();
        var emails = new List<string>();
        // .NET enumerates DNS names and IP addresses of the extension but not URIs or emails, so the GeneralNames
        // sequence is read here.
        var extension = certificate.Extensions["2.5.29.17"];
        if (extension is not null)
        {
            try
            {
                var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
                while (names.HasData)
                {
                    var tag = names.PeekTag();
                    if (tag.HasSameClassAndValue(DnsNameTag))
                    {
                        dnsNames.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, DnsNameTag));
                    }
                    else if (tag.HasSameClassAndValue(UriTag))
                    {
                        uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
                    }
                    else if (tag.HasSameClassAndValue(EmailTag))
                    {
                        emails.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, EmailTag));
                    }
                    else
                    {
                        names.ReadEncodedValue();
                    }
                }
            }
            catch (Exception e) when (e is AsnContentException or CryptographicException)
            {
                // A malformed extension offers no name the certificate can be trusted for.
                return new SubjectAltNames([], [], []);
            }
        }
        return new SubjectAltNames(dnsNames, uris, emails);
    }

    /// <summary>
    /// Whether a DNS name from a certificate covers <paramref name="hostname"/>: equal ignoring case, or a
    /// wildcard "*.example.com" standing for exactly one label (RFC 6125 section 6.4.3).
    /// </summary>
    public static bool DnsNameCovers(string certificateName, string hostname)
    {
        certificateName = certificateName.TrimEnd('.');
        hostname = hostname.TrimEnd('.');
        if (!certificateName.StartsWith("*.", StringComparison.Ordinal))
        {
            return string.Equals(certificateName, hostname, StringComparison.OrdinalIgnoreCase);
        }
        var suffix = certificateName[1..];
        var labelLength = hostname.Length - suffix.Length;
        return labelLength > 0
            && hostname.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
            && hostname.AsSpan(0, labelLength).IndexOf('.') < 0;
    }
}
