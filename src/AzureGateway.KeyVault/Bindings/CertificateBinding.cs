using System.Globalization;
using AzureGateway.Model;

namespace AzureGateway.KeyVault.Bindings;

/// <summary>
/// What an object's annotations ask for (a key pair from one certificate, or a CA bundle from several) and what
/// was last written into it.
/// </summary>
public sealed record CertificateBinding(BindingKind Kind, IReadOnlyList<KeyVaultCertificateId> Certificates, IReadOnlyList<WrittenVersion> Written)
{
    /// <summary>Reads the binding of an object; a one-line problem naming the object and annotation when it is wrong.</summary>
    public static bool TryRead(BoundObject target, out CertificateBinding? binding, out string? problem)
    {
        binding = null;
        var annotations = target.Annotations;
        var hasKeyPair = annotations.TryGetValue(KeyVaultAnnotations.Certificate, out var keyPair);
        var hasBundle = annotations.TryGetValue(KeyVaultAnnotations.CaCertificates, out var bundle);
        if (hasKeyPair && hasBundle)
        {
            problem = $"{target}: {KeyVaultAnnotations.Certificate} and {KeyVaultAnnotations.CaCertificates} cannot both be set";
            return false;
        }
        if (hasKeyPair && target.Kind != ObjectKind.Secret)
        {
            problem = $"{target}: {KeyVaultAnnotations.Certificate} holds a private key and belongs on a Secret";
            return false;
        }
        var (kind, annotation, text) = hasKeyPair
            ? (BindingKind.KeyPair, KeyVaultAnnotations.Certificate, keyPair!)
            : (BindingKind.CaBundle, KeyVaultAnnotations.CaCertificates, bundle ?? "");
        var parts = kind == BindingKind.KeyPair ? [text] : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            problem = $"{target}: {annotation} names no certificate";
            return false;
        }
        var ids = new List<KeyVaultCertificateId>();
        foreach (var part in parts)
        {
            if (!KeyVaultCertificateId.TryParse(part, out var id, out var why))
            {
                problem = $"{target}: {annotation}: {why}";
                return false;
            }
            ids.Add(id!);
        }
        binding = new CertificateBinding(kind, ids, ReadWritten(annotations));
        problem = null;
        return true;
    }

    /// <summary>What was written for a certificate, if anything was.</summary>
    public WrittenVersion? WrittenFor(KeyVaultCertificateId certificate) => Written.FirstOrDefault(w => w.Name == certificate.Name);

    /// <summary>Whether an event about this certificate concerns the binding.</summary>
    public bool Uses(KeyVaultCertificateId certificate) => Certificates.Any(c => c.Unversioned == certificate.Unversioned);

    /// <summary>The annotations that record what was written.</summary>
    public static IReadOnlyDictionary<string, string?> Record(IReadOnlyList<WrittenVersion> written) => new Dictionary<string, string?>
    {
        [KeyVaultAnnotations.Version] = string.Join(",", written.Select(w => $"{w.Name}/{w.Version}")),
        [KeyVaultAnnotations.NotBefore] = string.Join(",", written.Select(w => w.NotBefore.ToString("O", CultureInfo.InvariantCulture))),
        // A new version is written: a warning about the old one no longer applies.
        [KeyVaultAnnotations.Expiry] = null,
    };

    // A record that cannot be read (edited by hand, or written by something else) counts as nothing written:
    // the next sync writes the newest version again.
    private static List<WrittenVersion> ReadWritten(IReadOnlyDictionary<string, string> annotations)
    {
        if (!annotations.TryGetValue(KeyVaultAnnotations.Version, out var versions) || !annotations.TryGetValue(KeyVaultAnnotations.NotBefore, out var times))
        {
            return [];
        }
        var names = versions.Split(',', StringSplitOptions.TrimEntries);
        var stamps = times.Split(',', StringSplitOptions.TrimEntries);
        if (names.Length != stamps.Length)
        {
            return [];
        }
        var written = new List<WrittenVersion>();
        for (var i = 0; i < names.Length; i++)
        {
            var slash = names[i].LastIndexOf('/');
            if (slash <= 0 || slash == names[i].Length - 1
                || !DateTimeOffset.TryParse(stamps[i], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var notBefore))
            {
                return [];
            }
            written.Add(new WrittenVersion(names[i][..slash], names[i][(slash + 1)..], notBefore));
        }
        return written;
    }
}
