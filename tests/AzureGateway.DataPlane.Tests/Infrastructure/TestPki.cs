using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>Certificates issued in the test, and their IR form.</summary>
internal static class TestPki
{
    /// <summary>A certificate with its key (and any chain after it), as a TLS Secret would give it.</summary>
    public static CertificateIr KeyPair(X509Certificate2 certificate, params X509Certificate2[] chain) => new()
    {
        Source = $"test {certificate.Subject}",
        Subject = certificate.Subject,
        Thumbprint = PemCertificates.Thumbprint(certificate),
        NotAfter = certificate.NotAfter.ToUniversalTime(),
        CertificatePem = PemExport.CertificateWithChain(certificate, chain),
        PrivateKeyPem = PemExport.PrivateKey(certificate),
    };

    /// <summary>A CA certificate as a trust anchor (no key).</summary>
    public static CertificateIr Anchor(X509Certificate2 authority) => new()
    {
        Source = $"test {authority.Subject}",
        Subject = authority.Subject,
        Thumbprint = PemCertificates.Thumbprint(authority),
        NotAfter = authority.NotAfter.ToUniversalTime(),
        CertificatePem = PemExport.Certificate(authority),
    };
}
