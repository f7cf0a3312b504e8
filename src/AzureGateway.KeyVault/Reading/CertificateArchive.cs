using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;

namespace AzureGateway.KeyVault.Reading;

/// <summary>
/// A certificate version's secret, as Key Vault keeps it (PKCS#12 or PEM, with the private key and the chain the
/// certificate was imported or issued with), turned into what a <c>kubernetes.io/tls</c> Secret holds.
/// </summary>
internal static class CertificateArchive
{
    public const string Pkcs12 = "application/x-pkcs12";
    public const string Pem = "application/x-pem-file";

    public static KeyPairPem Read(string? contentType, string value) => contentType switch
    {
        null or Pkcs12 => FromPkcs12(Convert.FromBase64String(value)),
        Pem => FromPem(value),
        _ => throw new InvalidDataException($"a certificate secret of content type {contentType}"),
    };

    private static KeyPairPem FromPkcs12(byte[] archive)
    {
        // Key Vault's archives have no password; the key lives only in memory for as long as it takes to write it out.
        var certificates = X509CertificateLoader.LoadPkcs12Collection(archive, null, X509KeyStorageFlags.EphemeralKeySet | X509KeyStorageFlags.Exportable);
        try
        {
            var leaf = certificates.FirstOrDefault(c => c.HasPrivateKey) ?? throw new InvalidDataException("a certificate archive without a private key");
            return new KeyPairPem(PemExport.CertificateWithChain(leaf, [.. ChainOf(leaf, certificates)]), PemExport.PrivateKey(leaf));
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    private static KeyPairPem FromPem(string pem)
    {
        var withKey = PemCertificates.ReadWithKey(pem, pem);
        var bundle = PemCertificates.ReadBundle(pem);
        if (!withKey.Succeeded || !bundle.Succeeded)
        {
            throw new InvalidDataException(withKey.Error ?? bundle.Error);
        }
        using var leaf = withKey.Value!;
        return new KeyPairPem(PemExport.CertificateWithChain(leaf, [.. ChainOf(leaf, bundle.Value!)]), PemExport.PrivateKey(leaf));
    }

    /// <summary>The certificates that issued the leaf, issuer first, up to the root or the last one present.</summary>
    private static IEnumerable<X509Certificate2> ChainOf(X509Certificate2 leaf, IEnumerable<X509Certificate2> certificates)
    {
        var others = certificates.Where(c => c.Thumbprint != leaf.Thumbprint).ToList();
        var current = leaf;
        while (others.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData)) is { } issuer)
        {
            yield return issuer;
            others.Remove(issuer);
            current = issuer;
        }
    }
}
