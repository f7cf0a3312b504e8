using System.Collections.Immutable;
using AzureGateway.Model;
using k8s.Models;

namespace AzureGateway.Translation.Certificates;

/// <summary>
/// The short way through the change a gateway sees most: new certificate bytes in Secrets or ConfigMaps it
/// already uses (a rotation by Key Vault sync, cert-manager or kubectl). When nothing else in the snapshot
/// changed, each changed object is looked at again for every use the last translation made of it. If every
/// look gives what it gave before in all that a status shows (the same problem, or a certificate with the same
/// subject), the statuses stand and the IR changes only where those certificates sit. Anything else (an object
/// added or removed, any other kind changed, a problem appearing or going away, any certificate reaching the
/// end or start of its validity) takes the full translation.
/// </summary>
/// <remarks>
/// The result is the full translation's, except that conditions keep the time they were set, which is what
/// <c>lastTransitionTime</c> means. Tests compare the two for every golden case and every object in it.
/// </remarks>
internal static class CertificateRotation
{
    public static (TranslationResult Result, LastTranslation Memory)? TryApply(
        LastTranslation last, ResourceSnapshot snapshot, TranslatorOptions options)
    {
        // A kept certificate is judged against the clock and the Secret's content only by the full translation.
        if (last.KeptPreviousCertificates || options.Time.GetUtcNow() >= last.Result.HoldsUntil
            || ChangedObjects(last.Snapshot, snapshot) is not { } changed)
        {
            return null;
        }
        var parsed = new ParsedCertificates(last.Parsed);
        var material = new CertificateMaterial(options.Time, parsed);
        var reads = new Dictionary<CertificateObject, List<CertificateRead>>(last.Reads);
        var replaced = new CertificateReplacements();
        foreach (var (key, entries) in changed)
        {
            if (!last.Reads.TryGetValue(key, out var earlier))
            {
                continue; // never looked inside: nothing in the result came from it
            }
            var again = new List<CertificateRead>(earlier.Count);
            foreach (var read in earlier)
            {
                var fresh = CertificateLookups.Look(read.Use, key.Kind, key.Namespace, key.Name, entries, material);
                if (!SameForStatuses(read, fresh))
                {
                    return null;
                }
                replaced.Add(key.Source, read, fresh);
                again.Add(fresh);
            }
            reads[key] = again;
        }
        if (replaced.Patch(last.Result.Ir) is not { } ir)
        {
            return null;
        }
        parsed.CompleteKeepingPrevious();
        var holdsUntil = material.JudgementsHoldUntil < last.Result.HoldsUntil ? material.JudgementsHoldUntil : last.Result.HoldsUntil;
        var result = new TranslationResult(ir, last.Result.Statuses) { HoldsUntil = holdsUntil };
        return (result, new LastTranslation(snapshot, result, reads, parsed, CertificateLookups.ServedByListeners(ir), false));
    }

    /// <summary>
    /// The Secrets and ConfigMaps that are new objects under the same names, when nothing else differs (same
    /// objects of every other kind, same names in the same order); otherwise null.
    /// </summary>
    private static List<(CertificateObject Key, IReadOnlyDictionary<string, string> Entries)>? ChangedObjects(
        ResourceSnapshot before, ResourceSnapshot after)
    {
        // Every kind but the two that hold certificate bytes must be the very same objects.
        if (!ResourceKinds.All.All(k => k == ResourceKinds.Secrets || k == ResourceKinds.ConfigMaps || k.SameObjects(before, after)))
        {
            return null;
        }
        var changed = new List<(CertificateObject, IReadOnlyDictionary<string, string>)>();
        return Changed(before.Secrets, after.Secrets, "Secret", s => s.Metadata, ObjectPem.Of, changed)
            && Changed(before.ConfigMaps, after.ConfigMaps, "ConfigMap", c => c.Metadata, ObjectPem.Of, changed)
            ? changed
            : null;
    }

    private static bool Changed<T>(
        ImmutableArray<T> before, ImmutableArray<T> after, string kind, Func<T, V1ObjectMeta> metadata,
        Func<T, IReadOnlyDictionary<string, string>> entries, List<(CertificateObject, IReadOnlyDictionary<string, string>)> changed)
        where T : class
    {
        if (before == after)
        {
            return true;
        }
        if (before.Length != after.Length)
        {
            return false;
        }
        HashSet<(string, string)>? names = null;
        for (var i = 0; i < before.Length; i++)
        {
            if (ReferenceEquals(before[i], after[i]))
            {
                continue;
            }
            var (oldMeta, newMeta) = (metadata(before[i]), metadata(after[i]));
            var ns = TranslationContext.Namespace(newMeta);
            if (TranslationContext.Namespace(oldMeta) != ns || oldMeta.Name != newMeta.Name)
            {
                return false;
            }
            // Key Vault's expiry mark, and the versions it names, show in statuses (KeyVaultExpiryConditions).
            var (oldMark, newMark) = (Annotation(oldMeta, KeyVaultAnnotations.Expiry), Annotation(newMeta, KeyVaultAnnotations.Expiry));
            if (oldMark != newMark
                || (newMark is not null && Annotation(oldMeta, KeyVaultAnnotations.Version) != Annotation(newMeta, KeyVaultAnnotations.Version)))
            {
                return false;
            }
            // Of two objects with one name the translation used the first; which one changed is not worth knowing.
            names ??= [.. after.Select(o => (TranslationContext.Namespace(metadata(o)), metadata(o).Name))];
            if (names.Count != after.Length)
            {
                return false;
            }
            changed.Add((new CertificateObject(kind, ns, newMeta.Name), entries(after[i])));
        }
        return true;
    }

    private static string? Annotation(V1ObjectMeta metadata, string name) =>
        metadata.Annotations is { } annotations && annotations.TryGetValue(name, out var value) ? value : null;

    private static bool SameForStatuses(CertificateRead before, CertificateRead after) => (before, after) switch
    {
        ({ Error: { } was }, { Error: { } now }) => was == now,
        ({ Error: null }, { Error: null }) => before.Use != CertificateUse.ServerCertificate
            || before.Certificates![0].Subject == after.Certificates![0].Subject, // a listener's status names the subject
        _ => false,
    };
}
