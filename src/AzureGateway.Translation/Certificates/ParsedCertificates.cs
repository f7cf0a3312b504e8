using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;

namespace AzureGateway.Translation.Certificates;

/// <summary>What a certificate says about itself, read once from its PEM: all that judging it needs.</summary>
public sealed record CertificateFacts(string Subject, string Thumbprint, DateTime NotBeforeUtc, DateTime NotAfterUtc, string Pem)
{
    public static CertificateFacts Of(X509Certificate2 certificate) => new(
        certificate.Subject,
        PemCertificates.Thumbprint(certificate),
        certificate.NotBefore.ToUniversalTime(),
        certificate.NotAfter.ToUniversalTime(),
        certificate.ExportCertificatePem() + "\n");
}

/// <summary>
/// PEM text already parsed, by content, for one translation, starting from what the previous translation of
/// the same translator parsed. Parsing a certificate and checking that its key matches costs far more than the
/// rest of translating it, and from one snapshot to the next almost every certificate is the same text: a
/// rotated Secret then costs one parse, not one per certificate. Only parsing is remembered, never a judgement
/// that depends on the clock (expiry), and only what the current translation uses is handed on, so the memory
/// holds the certificates of one snapshot.
/// </summary>
public sealed class ParsedCertificates(ParsedCertificates? previous)
{
    private ParsedCertificates? _previous = previous;
    private readonly Dictionary<(string Certificate, string Key), Result<CertificateFacts>> _keyPairs = [];
    private readonly Dictionary<string, Result<IReadOnlyList<CertificateFacts>>> _bundles = new(StringComparer.Ordinal);

    /// <summary>A certificate and its private key: the first certificate's facts, or why the pair cannot be used.</summary>
    public Result<CertificateFacts> KeyPair(string certificatePem, string privateKeyPem)
    {
        var key = (certificatePem, privateKeyPem);
        if (!_keyPairs.TryGetValue(key, out var parsed))
        {
            parsed = _previous?._keyPairs.TryGetValue(key, out var earlier) == true ? earlier : ReadKeyPair(certificatePem, privateKeyPem);
            _keyPairs[key] = parsed;
        }
        return parsed;
    }

    /// <summary>
    /// Ends the translation that used this memory: what the previous translation parsed and this one did not
    /// use is let go. The next translation starts from here; nothing is added after this.
    /// </summary>
    public void Complete() => _previous = null;

    /// <summary>
    /// Ends a translation that looked at only the certificates that changed (<see cref="CertificateRotation"/>):
    /// everything the previous translation parsed is kept, as the rest of its result is. What the rotation
    /// replaced is let go by the next full translation.
    /// </summary>
    public void CompleteKeepingPrevious()
    {
        foreach (var (key, value) in _previous?._keyPairs ?? [])
        {
            _keyPairs.TryAdd(key, value);
        }
        foreach (var (key, value) in _previous?._bundles ?? [])
        {
            _bundles.TryAdd(key, value);
        }
        _previous = null;
    }

    /// <summary>Every certificate of a PEM bundle, or why the bundle cannot be read.</summary>
    public Result<IReadOnlyList<CertificateFacts>> Bundle(string pem)
    {
        if (!_bundles.TryGetValue(pem, out var parsed))
        {
            parsed = _previous?._bundles.TryGetValue(pem, out var earlier) == true ? earlier : ReadBundle(pem);
            _bundles[pem] = parsed;
        }
        return parsed;
    }

    private static Result<CertificateFacts> ReadKeyPair(string certificatePem, string privateKeyPem)
    {
        var loaded = PemCertificates.ReadWithKey(certificatePem, privateKeyPem);
        if (loaded.Error is not null)
        {
            return Result<CertificateFacts>.Fail(loaded.Error);
        }
        using var certificate = loaded.Value!;
        return Result<CertificateFacts>.Ok(CertificateFacts.Of(certificate));
    }

    private static Result<IReadOnlyList<CertificateFacts>> ReadBundle(string pem)
    {
        var bundle = PemCertificates.ReadBundle(pem);
        if (bundle.Error is not null)
        {
            return Result<IReadOnlyList<CertificateFacts>>.Fail(bundle.Error);
        }
        var facts = new List<CertificateFacts>();
        foreach (var certificate in bundle.Value!)
        {
            using (certificate)
            {
                facts.Add(CertificateFacts.Of(certificate));
            }
        }
        return Result<IReadOnlyList<CertificateFacts>>.Ok(facts);
    }
}
