using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Certificates;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Gateways;

/// <summary>
/// Resolves the <c>tls.certificateRefs</c> of an HTTPS listener: each must be a core Secret, in the Gateway's
/// namespace or allowed by a ReferenceGrant, holding a certificate and matching key that are valid now. Every
/// ref is checked so the status names every problem; the first valid one is the certificate served.
/// </summary>
public sealed class ListenerCertificates(TranslationContext context)
{
    public (CertificateIr? Certificate, IReadOnlyList<StatusProblem> Problems) Resolve(
        Gateway gateway, IReadOnlyList<SecretObjectReference> refs)
    {
        CertificateIr? served = null;
        var problems = new List<StatusProblem>();
        foreach (var reference in refs)
        {
            var result = ResolveOne(gateway, reference);
            if (result.Problem is not null)
            {
                problems.Add(result.Problem);
            }
            served ??= result.Certificate;
        }
        return (served, problems);
    }

    private (CertificateIr? Certificate, StatusProblem? Problem) ResolveOne(Gateway gateway, SecretObjectReference reference)
    {
        var gatewayNamespace = TranslationContext.Namespace(gateway.Metadata);
        var group = reference.Group ?? "";
        var kind = reference.Kind ?? "Secret";
        var ns = reference.Namespace ?? gatewayNamespace;
        if (group.Length != 0 || kind != "Secret")
        {
            var groupText = group.Length == 0 ? "core group" : $"group {group}";
            return (null, new StatusProblem(Reasons.InvalidCertificateRef,
                $"certificateRef {kind} {ns}/{reference.Name} ({groupText}) is not supported: a listener certificate must be a Secret of the core group"));
        }
        // RefNotPermitted comes before any lookup: whether the Secret exists is not the Gateway's to know.
        if (!context.ReferenceGrants.Permits(
                ResourceKinds.GatewayApiGroup, "Gateway", gatewayNamespace, "", "Secret", ns, reference.Name))
        {
            return (null, new StatusProblem(Reasons.RefNotPermitted,
                $"Secret {ns}/{reference.Name} is in another namespace and no ReferenceGrant in {ns} allows Gateways from {gatewayNamespace} to use it"));
        }
        // A Secret whose new content is unusable keeps serving the last certificate it gave, while that is valid:
        // a bad rotation should not take a listener down, but its status says so.
        return context.CertificateLookups.ServerKeyPair(ns, reference.Name,
            new CertificateUser(ResourceKinds.GatewayApiGroup, "Gateway", gatewayNamespace, gateway.Metadata.Name)) switch
        {
            null => (null, new StatusProblem(Reasons.InvalidCertificateRef, $"Secret {ns}/{reference.Name} does not exist")),
            { Pair.Error: { } error, Previous: { } previous } => (previous, new StatusProblem(Reasons.InvalidCertificateRef,
                $"{error}; serving the previous certificate {previous.Subject} ({previous.Thumbprint}) until {previous.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z")),
            { Pair.Error: { } error } => (null, new StatusProblem(Reasons.InvalidCertificateRef, error)),
            { Pair.Value: var certificate } => (certificate, null),
        };
    }
}
