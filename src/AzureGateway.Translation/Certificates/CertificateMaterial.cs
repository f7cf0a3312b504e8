using AzureGateway.Certificates;
using AzureGateway.IR;

namespace AzureGateway.Translation.Certificates;

/// <summary>
/// Turns PEM found in Secrets and ConfigMaps into IR certificates, judging it as a person would: it must
/// parse, a key must match its certificate, and a certificate must not have expired. Problems come back as
/// sentences that name the object, for status messages. Parsing goes through <paramref name="parsed"/>; the
/// judging is done here, on every call, with this translation's clock.
/// </summary>
public sealed class CertificateMaterial(TimeProvider time, ParsedCertificates parsed)
{
    /// <summary>
    /// Bundles already judged in this translation, by source and PEM: many policies trust one CA ConfigMap, and
    /// judging it once gives each of them the same anchors.
    /// </summary>
    private readonly Dictionary<(string Source, string Pem), Result<IReadOnlyList<CertificateIr>>> _bundles = [];

    /// <summary>
    /// Until when every judgement made so far still holds: the earliest moment a certificate judged valid
    /// expires or one not yet valid becomes valid. After it, the same PEM may be judged differently.
    /// </summary>
    public DateTimeOffset JudgementsHoldUntil { get; private set; } = DateTimeOffset.MaxValue;

    /// <summary>A certificate with its private key, e.g. <c>tls.crt</c> and <c>tls.key</c> of a TLS Secret.</summary>
    public Result<CertificateIr> KeyPair(string source, string? certificatePem, string? privateKeyPem) =>
        JudgeKeyPair(source, certificatePem, privateKeyPem).Pair;

    /// <summary>
    /// <see cref="KeyPair"/>, telling apart content that cannot be used at all (a key missing, PEM that does not
    /// parse, a key that does not match its certificate) from a certificate that is only outside its validity.
    /// </summary>
    public (Result<CertificateIr> Pair, bool Unreadable) JudgeKeyPair(string source, string? certificatePem, string? privateKeyPem)
    {
        if (string.IsNullOrWhiteSpace(certificatePem) || string.IsNullOrWhiteSpace(privateKeyPem))
        {
            return (Result<CertificateIr>.Fail($"{source} must have both tls.crt and tls.key"), true);
        }
        var loaded = parsed.KeyPair(certificatePem, privateKeyPem);
        if (loaded.Error is not null)
        {
            return (Result<CertificateIr>.Fail($"{source}: {loaded.Error}"), true);
        }
        var certificate = loaded.Value!;
        var expired = Expired(source, certificate);
        if (expired is not null)
        {
            return (Result<CertificateIr>.Fail(expired), false);
        }
        return (Result<CertificateIr>.Ok(ToIr(source, certificate, certificatePem, privateKeyPem)), false);
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
            anchors = JudgeBundle(source, pem);
            _bundles[(source, pem)] = anchors;
        }
        return anchors;
    }

    private Result<IReadOnlyList<CertificateIr>> JudgeBundle(string source, string pem)
    {
        var bundle = parsed.Bundle(pem);
        if (bundle.Error is not null)
        {
            return Result<IReadOnlyList<CertificateIr>>.Fail($"{source}: {bundle.Error}");
        }
        // An expired root in a bundle is common during rollovers; it is skipped, not fatal, while another
        // certificate in the bundle is still valid.
        var anchors = bundle.Value!
            .Where(certificate => Expired(source, certificate) is null)
            .Select(certificate => ToIr(source, certificate, certificate.Pem, null))
            .ToList();
        return anchors.Count == 0
            ? Result<IReadOnlyList<CertificateIr>>.Fail($"{source}: every CA certificate in it has expired")
            : Result<IReadOnlyList<CertificateIr>>.Ok(anchors);
    }

    private string? Expired(string source, CertificateFacts certificate)
    {
        var now = time.GetUtcNow();
        if (certificate.NotAfterUtc < now.UtcDateTime)
        {
            return $"{source}: certificate {certificate.Subject} expired on {certificate.NotAfterUtc:yyyy-MM-dd HH:mm:ss}Z";
        }
        if (certificate.NotBeforeUtc > now.UtcDateTime)
        {
            HoldsUntil(new DateTimeOffset(certificate.NotBeforeUtc, TimeSpan.Zero));
            return $"{source}: certificate {certificate.Subject} is not valid before {certificate.NotBeforeUtc:yyyy-MM-dd HH:mm:ss}Z";
        }
        HoldsUntil(new DateTimeOffset(certificate.NotAfterUtc, TimeSpan.Zero));
        return null;
    }

    /// <summary>Records a judgement made elsewhere (a kept certificate served while valid) that holds until <paramref name="change"/>.</summary>
    public void HoldsUntil(DateTimeOffset change)
    {
        if (change < JudgementsHoldUntil)
        {
            JudgementsHoldUntil = change;
        }
    }

    private static CertificateIr ToIr(string source, CertificateFacts certificate, string certificatePem, string? keyPem) => new()
    {
        Source = source,
        Subject = certificate.Subject,
        Thumbprint = certificate.Thumbprint,
        NotAfter = new DateTimeOffset(certificate.NotAfterUtc, TimeSpan.Zero),
        CertificatePem = certificatePem,
        PrivateKeyPem = keyPem,
    };
}
