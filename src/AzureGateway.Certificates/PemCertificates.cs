using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AzureGateway.Certificates;

/// <summary>
/// The one place PEM text becomes certificates. Every stage (translator checks, data plane loading, the
/// demo) goes through here so a certificate is judged the same way everywhere.
/// </summary>
public static class PemCertificates
{
    /// <summary>
    /// Reads every CERTIFICATE block of a PEM bundle. Returns an error (not an exception) when the text
    /// holds no certificate or a block does not decode.
    /// </summary>
    public static Result<IReadOnlyList<X509Certificate2>> ReadBundle(string pem)
    {
        var certificates = new List<X509Certificate2>();
        var text = pem.AsSpan();
        while (PemEncoding.TryFind(text, out var fields))
        {
            var label = text[fields.Label];
            if (label.SequenceEqual("CERTIFICATE"))
            {
                try
                {
                    var der = Convert.FromBase64String(text[fields.Base64Data].ToString());
                    certificates.Add(X509CertificateLoader.LoadCertificate(der));
                }
                catch (Exception e) when (e is CryptographicException or FormatException)
                {
                    return Result<IReadOnlyList<X509Certificate2>>.Fail(
                        $"certificate {certificates.Count + 1} in the PEM does not decode: {e.Message}");
                }
            }
            text = text[fields.Location.End..];
        }
        return certificates.Count == 0
            ? Result<IReadOnlyList<X509Certificate2>>.Fail("no PEM CERTIFICATE block found")
            : Result<IReadOnlyList<X509Certificate2>>.Ok(certificates);
    }

    /// <summary>
    /// Loads a certificate with its private key (RSA or ECDSA, PKCS#1, SEC1 or PKCS#8) and checks that the key
    /// belongs to the first certificate. Certificates after the first are its chain.
    /// </summary>
    public static Result<X509Certificate2> ReadWithKey(string certificatePem, string privateKeyPem)
    {
        var bundle = ReadBundle(certificatePem);
        if (bundle.Error is not null)
        {
            return Result<X509Certificate2>.Fail(bundle.Error);
        }
        try
        {
            var withKey = X509Certificate2.CreateFromPem(certificatePem, privateKeyPem);
            return Result<X509Certificate2>.Ok(withKey);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // CreateFromPem says "The key contents do not contain a PEM..." or "... does not match" in its own
            // words; a key of another certificate comes as an ArgumentException on .NET 10.
            var reason = e.Message.Contains("match", StringComparison.OrdinalIgnoreCase)
                ? "the private key does not match the certificate"
                : $"the private key cannot be read: {e.Message}";
            return Result<X509Certificate2>.Fail(reason);
        }
    }

    /// <summary>SHA-256 of the DER encoding, upper-case hex, as the IR and logs show certificates.</summary>
    public static string Thumbprint(X509Certificate2 certificate) =>
        certificate.GetCertHashString(HashAlgorithmName.SHA256);
}

