using AzureGateway.Model;

namespace AzureGateway.KeyVault.Bindings;

/// <summary>
/// A Secret or ConfigMap as the sync sees it: where it is, the resourceVersion a write must match, and its
/// annotations (the binding and what was last written). Its data is never held here.
/// </summary>
public sealed record BoundObject(ObjectKind Kind, string Namespace, string Name, string? ResourceVersion, IReadOnlyDictionary<string, string> Annotations)
{
    public bool HasBinding => Annotations.ContainsKey(KeyVaultAnnotations.Certificate) || Annotations.ContainsKey(KeyVaultAnnotations.CaCertificates);

    /// <summary>True when both name the same Key Vault certificates (what was written into them aside).</summary>
    public bool SameBindingAs(BoundObject other) =>
        Annotations.GetValueOrDefault(KeyVaultAnnotations.Certificate) == other.Annotations.GetValueOrDefault(KeyVaultAnnotations.Certificate)
        && Annotations.GetValueOrDefault(KeyVaultAnnotations.CaCertificates) == other.Annotations.GetValueOrDefault(KeyVaultAnnotations.CaCertificates);

    /// <summary>The Secrets and ConfigMaps of a snapshot that carry a binding.</summary>
    public static IEnumerable<BoundObject> In(ResourceSnapshot snapshot) =>
        snapshot.Secrets.Select(s => (ObjectKind.Secret, s.Metadata))
            .Concat(snapshot.ConfigMaps.Select(c => (ObjectKind.ConfigMap, c.Metadata)))
            .Select(o => new BoundObject(o.Item1, o.Metadata?.NamespaceProperty ?? "default", o.Metadata?.Name ?? "", o.Metadata?.ResourceVersion,
                new Dictionary<string, string>(o.Metadata?.Annotations ?? new Dictionary<string, string>())))
            .Where(o => o.HasBinding);

    /// <summary>Where an object is, to be read again: no version, no annotations.</summary>
    public static BoundObject At(ObjectKind kind, string ns, string name) => new(kind, ns, name, null, new Dictionary<string, string>());

    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}
