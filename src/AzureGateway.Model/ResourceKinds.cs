using AzureGateway.Model.Alb;
using AzureGateway.Model.EnvoyGateway;
using AzureGateway.Model.GatewayApi;
using k8s.Models;

namespace AzureGateway.Model;

/// <summary>The kinds the gateway reads, by <c>apiVersion</c> and <c>kind</c>, and the C# type of each.</summary>
public static class ResourceKinds
{
    public const string GatewayApiGroup = "gateway.networking.k8s.io";
    public const string GatewayApiVersion = "gateway.networking.k8s.io/v1";
    public const string AlbGroup = "alb.networking.azure.io";
    public const string AlbVersion = "alb.networking.azure.io/v1";
    public const string EnvoyGatewayGroup = "gateway.envoyproxy.io";
    public const string EnvoyGatewayVersion = "gateway.envoyproxy.io/v1alpha1";

    /// <summary>Our controller name, written on every status entry we own.</summary>
    public const string ControllerName = "azuregateway.io/gateway-controller";

    private static readonly Dictionary<(string ApiVersion, string Kind), Type> Types = new()
    {
        [("v1", "Namespace")] = typeof(V1Namespace),
        [("v1", "Secret")] = typeof(V1Secret),
        [("v1", "ConfigMap")] = typeof(V1ConfigMap),
        [("v1", "Service")] = typeof(V1Service),
        [("discovery.k8s.io/v1", "EndpointSlice")] = typeof(V1EndpointSlice),
        [(GatewayApiVersion, "GatewayClass")] = typeof(GatewayClass),
        [(GatewayApiVersion, "Gateway")] = typeof(Gateway),
        [(GatewayApiVersion, "HTTPRoute")] = typeof(HttpRoute),
        [(GatewayApiVersion, "BackendTLSPolicy")] = typeof(BackendTlsPolicy),
        [("gateway.networking.k8s.io/v1beta1", "ReferenceGrant")] = typeof(ReferenceGrant),
        [(GatewayApiVersion, "ReferenceGrant")] = typeof(ReferenceGrant),
        [(AlbVersion, "BackendTLSPolicy")] = typeof(AlbBackendTlsPolicy),
        [(EnvoyGatewayVersion, "EnvoyProxy")] = typeof(EnvoyProxy),
        [(EnvoyGatewayVersion, "Backend")] = typeof(Backend),
    };

    /// <summary>The type for an apiVersion/kind pair, or null when the gateway does not read that kind.</summary>
    public static Type? Find(string apiVersion, string kind) =>
        Types.GetValueOrDefault((apiVersion, kind));
}
