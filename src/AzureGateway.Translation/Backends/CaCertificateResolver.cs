using AzureGateway.IR;

namespace AzureGateway.Translation.Backends;

/// <summary>
/// Resolves one CA certificate reference (a ConfigMap or a Secret) to its trust anchors
/// (<see cref="Certificates.CertificateLookups.CaBundle"/> chooses the key).
/// </summary>
internal sealed class CaCertificateResolver(TranslationContext context)
{
    /// <param name="referrer">The resource holding the reference; its namespace is the default.</param>
    /// <param name="targetNamespace">The reference's namespace, or null for the referrer's.</param>
    public Resolution<IReadOnlyList<CertificateIr>> Resolve(
        Referrer referrer, string? group, string? kind, string name, string? targetNamespace)
    {
        var ns = targetNamespace ?? referrer.Namespace;
        if (!string.IsNullOrEmpty(group) || kind is not ("ConfigMap" or "Secret"))
        {
            return Resolution<IReadOnlyList<CertificateIr>>.Fail(ReferenceProblemKind.UnsupportedKind,
                $"{GroupKind.Describe(group, kind, ns, name)} is not a supported CA certificate reference; use a ConfigMap or a Secret");
        }
        if (!context.ReferenceGrants.Permits(referrer.Group, referrer.Kind, referrer.Namespace, "", kind, ns, name))
        {
            return Resolution<IReadOnlyList<CertificateIr>>.Fail(ReferenceProblemKind.NotPermitted,
                $"{kind} {ns}/{name} is in another namespace and no ReferenceGrant allows the reference");
        }
        return context.CertificateLookups.CaBundle(kind, ns, name, referrer.AsCertificateUser) switch
        {
            null => Resolution<IReadOnlyList<CertificateIr>>.Fail(ReferenceProblemKind.Unusable, $"{kind} {ns}/{name} not found"),
            { Error: { } error } => Resolution<IReadOnlyList<CertificateIr>>.Fail(ReferenceProblemKind.Unusable, error),
            { Value: var anchors } => Resolution<IReadOnlyList<CertificateIr>>.Ok(anchors!),
        };
    }
}
