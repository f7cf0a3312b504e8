using AzureGateway.Model.Alb;
using AzureGateway.Model.EnvoyGateway;
using AzureGateway.Model.GatewayApi;
using k8s;
using k8s.Models;

namespace AzureGateway.Model.Validation;

/// <summary>
/// What the API server's validation of a custom resource would refuse, for the kinds the gateway reads: the
/// Gateway API v1.6.1 standard-channel CRDs' <c>maxItems</c>, <c>maxProperties</c>, <c>maxLength</c>, patterns,
/// enums, ranges and the CEL rules that matter for size and safety (<see cref="GatewayApiRules"/>), and the same
/// for the AGC and Envoy Gateway kinds from our CRDs in deploy/crds (<see cref="AlbRules"/>,
/// <see cref="EnvoyGatewayRules"/>). The folder source and the Kubernetes source both refuse an object here, so
/// that neither mode serves what a cluster would not hold, and an object built to be huge cannot make translation
/// or routing huge. Only the first violation is reported, and a list is checked before its items.
/// <para>
/// The rules are written by hand against the typed models rather than read from the CRD schemas at run time: the
/// Gateway API CRDs are not ours to ship, a schema walker would check fields the gateway never reads and need a CEL
/// interpreter for the rules that matter, and typed code names each field the way a refusal does. A test holds
/// the AGC and Envoy Gateway rules to deploy/crds, so the two cannot drift apart.
/// </para>
/// </summary>
public static class SchemaLimits
{
    /// <summary>
    /// One line for an object its CRD does not allow (<c>HTTPRoute default/web refused: spec.rules has 17 items,
    /// more than the 16 the CRD allows</c>), or null when the object is allowed or of a kind without a CRD here.
    /// </summary>
    public static string? Refusal(IKubernetesObject<V1ObjectMeta> resource) =>
        Check(resource) is { } violation ? Refusal(resource, violation) : null;

    /// <summary>The line for <paramref name="violation"/> of <paramref name="resource"/>.</summary>
    public static string Refusal(IKubernetesObject<V1ObjectMeta> resource, SchemaViolation violation)
    {
        var name = resource.Metadata?.NamespaceProperty is { Length: > 0 } ns ? $"{ns}/{resource.Metadata.Name}" : resource.Metadata?.Name;
        return $"{resource.Kind} {name} refused: {violation}";
    }

    /// <summary>The first rule the object breaks, or null.</summary>
    public static SchemaViolation? Check(IKubernetesObject<V1ObjectMeta> resource)
    {
        var check = new SchemaFindings();
        switch (resource)
        {
            case HttpRoute route:
                GatewayApiRules.HttpRoute(check, route.Spec);
                break;
            case GrpcRoute route:
                GatewayApiRules.GrpcRoute(check, route.Spec);
                break;
            case TlsRoute route:
                TlsRouteRules.TlsRoute(check, route.Spec);
                break;
            case Gateway gateway:
                GatewayApiRules.Gateway(check, gateway.Spec);
                break;
            case GatewayClass gatewayClass:
                GatewayApiRules.GatewayClass(check, gatewayClass.Spec);
                break;
            case ReferenceGrant grant:
                GatewayApiRules.ReferenceGrant(check, grant.Spec);
                break;
            case BackendTlsPolicy policy:
                GatewayApiRules.BackendTlsPolicy(check, policy.Spec);
                break;
            case AlbBackendTlsPolicy policy:
                AlbRules.BackendTlsPolicy(check, policy.Spec);
                break;
            case FrontendTlsPolicy policy:
                AlbRules.FrontendTlsPolicy(check, policy.Spec);
                break;
            case RoutePolicy policy:
                AlbRules.RoutePolicy(check, policy.Spec);
                break;
            case HealthCheckPolicy policy:
                AlbRules.HealthCheckPolicy(check, policy.Spec);
                break;
            case Backend backend:
                EnvoyGatewayRules.Backend(check, backend.Spec);
                break;
            case EnvoyProxy proxy:
                EnvoyGatewayRules.EnvoyProxy(check, proxy.Spec);
                break;
            case ClientTrafficPolicy policy:
                EnvoyGatewayRules.ClientTrafficPolicy(check, policy.Spec);
                break;
        }
        return check.First;
    }
}
