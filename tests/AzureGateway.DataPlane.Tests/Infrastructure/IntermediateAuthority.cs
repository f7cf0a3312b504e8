using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// An intermediate CA under a <see cref="CertificateAuthority"/>, so a test can check that a certificate's
/// chain is sent along with it.
/// </summary>
internal sealed class IntermediateAuthority : IDisposable
{
    private IntermediateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    public X509Certificate2 Certificate { get; }

    public static IntermediateAuthority Create(CertificateAuthority root, string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root.Certificate, true, false));
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(root.Certificate, now.AddMinutes(-5), now.AddDays(30), RandomNumberGenerator.GetBytes(16));
        return new IntermediateAuthority(issued.CopyWithPrivateKey(key));
    }

    public X509Certificate2 IssueClient(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(Certificate, now.AddMinutes(-5), now.AddDays(30), RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    public void Dispose() => Certificate.Dispose();
}
