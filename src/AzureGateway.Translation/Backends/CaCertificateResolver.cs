using AzureGateway.IR;

namespace AzureGateway.Translation.Backends;

/// <summary>
/// Resolves one CA certificate reference (a ConfigMap or a Secret) to its trust anchors. The key is chosen as
/// Envoy Gateway does: <c>ca.crt</c>, then <c>tls.crt</c>, then the only key when there is exactly one.
/// </summary>
internal sealed class CaCertificateResolver(TranslationContext context)
{
    private static readonly string[] PreferredKeys = ["ca.crt", "tls.crt"];

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
        var source = $"{kind} {ns}/{name}";
        var entries = kind == "ConfigMap"
            ? context.ConfigMap(ns, name) is { } configMap ? ObjectPem.Of(configMap) : null
            : context.Secret(ns, name) is { } secret ? ObjectPem.Of(secret) : null;
        if (entries is null)
        {
            return Resolution<IReadOnlyList<CertificateIr>>.Fail(ReferenceProblemKind.Unusable, $"{source} not found");
        }
        var key = PreferredKeys.FirstOrDefault(entries.ContainsKey) ?? (entries.Count == 1 ? entries.Keys.Single() : null);
        if (key is null)
        {
            return Resolution<IReadOnlyList<CertificateIr>>.Fail(ReferenceProblemKind.Unusable,
                $"{source} has no CA certificate: expected the key ca.crt, tls.crt or a single key");
        }
        var bundle = context.Certificates.Bundle(source, entries[key]);
        return bundle.Error is null
            ? Resolution<IReadOnlyList<CertificateIr>>.Ok(bundle.Value!)
            : Resolution<IReadOnlyList<CertificateIr>>.Fail(ReferenceProblemKind.Unusable, bundle.Error);
    }
}
