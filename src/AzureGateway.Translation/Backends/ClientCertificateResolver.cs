using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Certificates;

namespace AzureGateway.Translation.Backends;

/// <summary>
/// Resolves a client certificate reference: a core Secret (any type) holding <c>tls.crt</c> and
/// <c>tls.key</c> that parse, match and have not expired. Across namespaces only with a ReferenceGrant.
/// </summary>
internal sealed class ClientCertificateResolver(TranslationContext context)
{
    public Resolution<CertificateIr> Resolve(Referrer referrer, SecretObjectReference reference)
    {
        var group = reference.Group ?? "";
        var kind = reference.Kind ?? "Secret";
        var ns = reference.Namespace ?? referrer.Namespace;
        if (group != "" || kind != "Secret")
        {
            return Resolution<CertificateIr>.Fail(ReferenceProblemKind.UnsupportedKind,
                $"{GroupKind.Describe(group, kind, ns, reference.Name)} is not supported: a client certificate must be a Secret");
        }
        if (!context.ReferenceGrants.Permits(referrer.Group, referrer.Kind, referrer.Namespace, "", "Secret", ns, reference.Name))
        {
            return Resolution<CertificateIr>.Fail(ReferenceProblemKind.NotPermitted,
                $"Secret {ns}/{reference.Name} is in another namespace and no ReferenceGrant allows the reference");
        }
        return context.CertificateLookups.KeyPair(ns, reference.Name, CertificateUse.ClientCertificate, referrer.AsCertificateUser) switch
        {
            null => Resolution<CertificateIr>.Fail(ReferenceProblemKind.Unusable, $"Secret {ns}/{reference.Name} not found"),
            { Error: { } error } => Resolution<CertificateIr>.Fail(ReferenceProblemKind.Unusable, error),
            { Value: var certificate } => Resolution<CertificateIr>.Ok(certificate!),
        };
    }
}
