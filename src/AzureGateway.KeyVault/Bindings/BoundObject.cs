using AzureGateway.Model;

namespace AzureGateway.KeyVault.Bindings;

/// <summary>
/// A Secret or ConfigMap as the sync sees it: where it is, the resourceVersion a write must match, and its
/// annotations (the binding and what was last written). Its data is never held here.
/// </summary>
public sealed record BoundObject(ObjectKind Kind, string Namespace, string Name, string? ResourceVersion, IReadOnlyDictionary<string, string> Annotations)
{
    public bool HasBinding => Annotations.ContainsKey(KeyVaultAnnotations.Certificate) || Annotations.ContainsKey(KeyVaultAnnotations.CaCertificates);

    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}
