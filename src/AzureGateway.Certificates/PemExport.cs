using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AzureGateway.Certificates;

/// <summary>PEM text of a certificate and its key, as a <c>kubernetes.io/tls</c> Secret holds them.</summary>
public static class PemExport
{
    public static string Certificate(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    /// <summary>The certificate followed by the chain certificates given.</summary>
    public static string CertificateWithChain(X509Certificate2 certificate, params X509Certificate2[] chain) =>
        string.Concat(new[] { certificate }.Concat(chain).Select(Certificate));

    public static string PrivateKey(X509Certificate2 certificate)
    {
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey()
            ?? certificate.GetRSAPrivateKey()
            ?? throw new InvalidOperationException("the certificate has no private key");
        using (key)
        {
            return key.ExportPkcs8PrivateKeyPem() + "\n";
        }
    }
}
