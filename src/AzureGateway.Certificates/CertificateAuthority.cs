using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AzureGateway.Certificates;

/// <summary>
/// Issues certificates in-process, as the scenario seeds do with openssl: a self-signed CA that signs server
/// and client certificates. Used by <c>azgw demo</c> and by tests; never by the serving path.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    private readonly TimeProvider _time;

    public X509Certificate2 Certificate { get; }

    private CertificateAuthority(X509Certificate2 certificate, TimeProvider time)
    {
        Certificate = certificate;
        _time = time;
    }

    public static CertificateAuthority Create(string commonName, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(5));
        return new CertificateAuthority(certificate, time);
    }

    /// <summary>A server certificate for the given DNS names and URIs (the first DNS name is the CN).</summary>
    public X509Certificate2 IssueServer(IEnumerable<string> dnsNames, IEnumerable<Uri>? uris = null, TimeSpan? lifetime = null) =>
        Issue(dnsNames.ToList(), uris?.ToList() ?? [], "1.3.6.1.5.5.7.3.1", lifetime, null);

    /// <summary>A client certificate with the given common name, and the subject alternative names given.</summary>
    public X509Certificate2 IssueClient(string commonName, TimeSpan? lifetime = null,
        IEnumerable<string>? dnsNames = null, IEnumerable<Uri>? uris = null, IEnumerable<string>? emails = null) =>
        Issue(dnsNames?.ToList() ?? [], uris?.ToList() ?? [], "1.3.6.1.5.5.7.3.2", lifetime, commonName, emails: emails?.ToList());

    /// <summary>A certificate valid between two instants, for expiry tests.</summary>
    public X509Certificate2 IssueServerValidBetween(string dnsName, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        Issue([dnsName], [], "1.3.6.1.5.5.7.3.1", null, null, notBefore, notAfter);

    private X509Certificate2 Issue(
        IReadOnlyList<string> dnsNames, IReadOnlyList<Uri> uris, string usageOid, TimeSpan? lifetime, string? commonName,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, IReadOnlyList<string>? emails = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cn = commonName ?? dnsNames.FirstOrDefault() ?? uris.First().ToString();
        var request = new CertificateRequest($"CN={cn}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
        emails ??= [];
        if (dnsNames.Count > 0 || uris.Count > 0 || emails.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }
            foreach (var uri in uris)
            {
                san.AddUri(uri);
            }
            foreach (var email in emails)
            {
                san.AddEmailAddress(email);
            }
            request.CertificateExtensions.Add(san.Build());
        }
        request.CertificateExtensions.Add(
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var now = _time.GetUtcNow();
        var from = notBefore ?? now.AddMinutes(-5);
        var to = notAfter ?? now.Add(lifetime ?? TimeSpan.FromDays(365));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(Certificate, from, to, serial);
        return issued.CopyWithPrivateKey(key);
    }

    public void Dispose() => Certificate.Dispose();
}
