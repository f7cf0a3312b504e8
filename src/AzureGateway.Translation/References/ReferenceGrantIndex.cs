using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.References;

/// <summary>
/// Answers whether a reference across namespaces is allowed: only when a ReferenceGrant in the target's
/// namespace names the referrer's group, kind and namespace and the target's group, kind (and name, if set).
/// </summary>
public sealed class ReferenceGrantIndex(IEnumerable<ReferenceGrant> grants)
{
    private readonly ILookup<string, ReferenceGrant> _byNamespace =
        grants.ToLookup(g => g.Metadata.NamespaceProperty ?? "default");

    public bool Permits(
        string fromGroup, string fromKind, string fromNamespace,
        string toGroup, string toKind, string toNamespace, string toName)
    {
        if (fromNamespace == toNamespace)
        {
            return true;
        }
        return _byNamespace[toNamespace].Any(grant =>
            grant.Spec.From.Any(f => f.Group == fromGroup && f.Kind == fromKind && f.Namespace == fromNamespace) &&
            grant.Spec.To.Any(t => t.Group == toGroup && t.Kind == toKind && (string.IsNullOrEmpty(t.Name) || t.Name == toName)));
    }
}
