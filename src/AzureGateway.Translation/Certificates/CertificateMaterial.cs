using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.IR;

namespace AzureGateway.Translation.Certificates;

/// <summary>
/// Turns PEM found in Secrets and ConfigMaps into IR certificates, judging it as a person would: it must
/// parse, a key must match its certificate, and a certificate must not have expired. Problems come back as
/// sentences that name the object, for status messages.
/// </summary>
public sealed class CertificateMaterial(TimeProvider time)
{
    /// <summary>
    /// Bundles already read in this translation, by source and PEM: many policies trust one CA ConfigMap, and
    /// reading it once gives each of them the same anchors.
    /// </summary>
    private readonly Dictionary<(string Source, string Pem), Result<IReadOnlyList<CertificateIr>>> _bundles = [];

    /// <summary>A certificate with its private key, e.g. <c>tls.crt</c> and <c>tls.key</c> of a TLS Secret.</summary>
    public Result<CertificateIr> KeyPair(string source, string? certificatePem, string? privateKeyPem)
    {
        if (string.IsNullOrWhiteSpace(certificatePem) || string.IsNullOrWhiteSpace(privateKeyPem))
        {
            return Result<CertificateIr>.Fail($"{source} must have both tls.crt and tls.key");
        }
        var loaded = PemCertificates.ReadWithKey(certificatePem, privateKeyPem);
        if (loaded.Error is not null)
        {
            return Result<CertificateIr>.Fail($"{source}: {loaded.Error}");
        }
        using var certificate = loaded.Value!;
        var expired = Expired(source, certificate);
        if (expired is not null)
        {
            return Result<CertificateIr>.Fail(expired);
        }
        return Result<CertificateIr>.Ok(ToIr(source, certificate, certificatePem, privateKeyPem));
    }

    /// <summary>Every certificate of a CA bundle, each a trust anchor of its own.</summary>
    public Result<IReadOnlyList<CertificateIr>> Bundle(string source, string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return Result<IReadOnlyList<CertificateIr>>.Fail($"{source} has an empty CA certificate");
        }
        if (!_bundles.TryGetValue((source, pem), out var anchors))
        {
            anchors = ReadBundle(source, pem);
            _bundles[(source, pem)] = anchors;
        }
        return anchors;
    }

    private Result<IReadOnlyList<CertificateIr>> ReadBundle(string source, string pem)
    {
        var bundle = PemCertificates.ReadBundle(pem);
        if (bundle.Error is not null)
        {
            return Result<IReadOnlyList<CertificateIr>>.Fail($"{source}: {bundle.Error}");
        }
        var anchors = new List<CertificateIr>();
        foreach (var certificate in bundle.Value!)
        {
            using (certificate)
            {
                // An expired root in a bundle is common during rollovers; it is skipped, not fatal, while
                // another certificate in the bundle is still valid.
                if (Expired(source, certificate) is null)
                {
                    anchors.Add(ToIr(source, certificate, certificate.ExportCertificatePem() + "\n", null));
                }
            }
        }
        return anchors.Count == 0
            ? Result<IReadOnlyList<CertificateIr>>.Fail($"{source}: every CA certificate in it has expired")
            : Result<IReadOnlyList<CertificateIr>>.Ok(anchors);
    }

    private string? Expired(string source, X509Certificate2 certificate)
    {
        var now = time.GetUtcNow();
        if (certificate.NotAfter.ToUniversalTime() < now.UtcDateTime)
        {
            return $"{source}: certificate {certificate.Subject} expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z";
        }
        if (certificate.NotBefore.ToUniversalTime() > now.UtcDateTime)
        {
            return $"{source}: certificate {certificate.Subject} is not valid before {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z";
        }
        return null;
    }

    private static CertificateIr ToIr(string source, X509Certificate2 certificate, string certificatePem, string? keyPem) => new()
    {
        Source = source,
        Subject = certificate.Subject,
        Thumbprint = PemCertificates.Thumbprint(certificate),
        NotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
        CertificatePem = certificatePem,
        PrivateKeyPem = keyPem,
    };
}
