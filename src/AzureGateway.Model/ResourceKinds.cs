using AzureGateway.Model.Alb;
using AzureGateway.Model.EnvoyGateway;
using AzureGateway.Model.GatewayApi;
using k8s.Models;

namespace AzureGateway.Model;

/// <summary>
/// The one list of kinds the gateway reads (<see cref="All"/>). Adding a kind is an entry here, its model type and
/// its collection in <see cref="ResourceSnapshot"/>; the folder loader, the Kubernetes watch, its RBAC and the
/// change detection follow from the list, and tests check that each kind is loaded, watched, compared and translated.
/// </summary>
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

    public static readonly ResourceKind<V1Namespace> Namespaces = new("", "v1", "Namespace", "namespaces",
        namespaced: false, statusWritten: false, s => s.Namespaces, (s, items) => s with { Namespaces = items });

    public static readonly ResourceKind<V1Secret> Secrets = new("", "v1", "Secret", "secrets",
        namespaced: true, statusWritten: false, s => s.Secrets, (s, items) => s with { Secrets = items });

    public static readonly ResourceKind<V1ConfigMap> ConfigMaps = new("", "v1", "ConfigMap", "configmaps",
        namespaced: true, statusWritten: false, s => s.ConfigMaps, (s, items) => s with { ConfigMaps = items });

    public static readonly ResourceKind<V1Service> Services = new("", "v1", "Service", "services",
        namespaced: true, statusWritten: false, s => s.Services, (s, items) => s with { Services = items });

    public static readonly ResourceKind<V1EndpointSlice> EndpointSlices = new("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices",
        namespaced: true, statusWritten: false, s => s.EndpointSlices, (s, items) => s with { EndpointSlices = items });

    public static readonly ResourceKind<GatewayClass> GatewayClasses = new(GatewayApiGroup, "v1", "GatewayClass", "gatewayclasses",
        namespaced: false, statusWritten: true, s => s.GatewayClasses, (s, items) => s with { GatewayClasses = items });

    public static readonly ResourceKind<Gateway> Gateways = new(GatewayApiGroup, "v1", "Gateway", "gateways",
        namespaced: true, statusWritten: true, s => s.Gateways, (s, items) => s with { Gateways = items });

    public static readonly ResourceKind<HttpRoute> HttpRoutes = new(GatewayApiGroup, "v1", "HTTPRoute", "httproutes",
        namespaced: true, statusWritten: true, s => s.HttpRoutes, (s, items) => s with { HttpRoutes = items });

    public static readonly ResourceKind<GrpcRoute> GrpcRoutes = new(GatewayApiGroup, "v1", "GRPCRoute", "grpcroutes",
        namespaced: true, statusWritten: true, s => s.GrpcRoutes, (s, items) => s with { GrpcRoutes = items });

    public static readonly ResourceKind<TlsRoute> TlsRoutes = new(GatewayApiGroup, "v1", "TLSRoute", "tlsroutes",
        namespaced: true, statusWritten: true, s => s.TlsRoutes, (s, items) => s with { TlsRoutes = items });

    // Watched at v1beta1, which every Gateway API release serves; manifests written for v1 read the same.
    public static readonly ResourceKind<ReferenceGrant> ReferenceGrants = new(GatewayApiGroup, "v1beta1", "ReferenceGrant", "referencegrants",
        namespaced: true, statusWritten: false, s => s.ReferenceGrants, (s, items) => s with { ReferenceGrants = items },
        alsoReadAs: [GatewayApiVersion]);

    public static readonly ResourceKind<BackendTlsPolicy> BackendTlsPolicies = new(GatewayApiGroup, "v1", "BackendTLSPolicy", "backendtlspolicies",
        namespaced: true, statusWritten: true, s => s.BackendTlsPolicies, (s, items) => s with { BackendTlsPolicies = items });

    public static readonly ResourceKind<AlbBackendTlsPolicy> AlbBackendTlsPolicies = new(AlbGroup, "v1", "BackendTLSPolicy", "backendtlspolicies",
        namespaced: true, statusWritten: true, s => s.AlbBackendTlsPolicies, (s, items) => s with { AlbBackendTlsPolicies = items });

    public static readonly ResourceKind<RoutePolicy> RoutePolicies = new(AlbGroup, "v1", "RoutePolicy", "routepolicies",
        namespaced: true, statusWritten: true, s => s.RoutePolicies, (s, items) => s with { RoutePolicies = items });

    public static readonly ResourceKind<FrontendTlsPolicy> FrontendTlsPolicies = new(AlbGroup, "v1", "FrontendTLSPolicy", "frontendtlspolicies",
        namespaced: true, statusWritten: true, s => s.FrontendTlsPolicies, (s, items) => s with { FrontendTlsPolicies = items });

    public static readonly ResourceKind<HealthCheckPolicy> HealthCheckPolicies = new(AlbGroup, "v1", "HealthCheckPolicy", "healthcheckpolicies",
        namespaced: true, statusWritten: true, s => s.HealthCheckPolicies, (s, items) => s with { HealthCheckPolicies = items });

    public static readonly ResourceKind<EnvoyProxy> EnvoyProxies = new(EnvoyGatewayGroup, "v1alpha1", "EnvoyProxy", "envoyproxies",
        namespaced: true, statusWritten: false, s => s.EnvoyProxies, (s, items) => s with { EnvoyProxies = items });

    public static readonly ResourceKind<Backend> Backends = new(EnvoyGatewayGroup, "v1alpha1", "Backend", "backends",
        namespaced: true, statusWritten: true, s => s.Backends, (s, items) => s with { Backends = items });

    public static readonly ResourceKind<ClientTrafficPolicy> ClientTrafficPolicies = new(EnvoyGatewayGroup, "v1alpha1", "ClientTrafficPolicy", "clienttrafficpolicies",
        namespaced: true, statusWritten: true, s => s.ClientTrafficPolicies, (s, items) => s with { ClientTrafficPolicies = items });

    /// <summary>Every kind, in the order of <see cref="ResourceSnapshot"/>'s collections.</summary>
    public static IReadOnlyList<ResourceKind> All { get; } =
    [
        Namespaces, Secrets, ConfigMaps, Services, EndpointSlices, GatewayClasses, Gateways, HttpRoutes, GrpcRoutes,
        ReferenceGrants, BackendTlsPolicies, AlbBackendTlsPolicies, RoutePolicies, FrontendTlsPolicies, HealthCheckPolicies, EnvoyProxies, Backends,
        ClientTrafficPolicies, TlsRoutes,
    ];

    private static readonly Dictionary<(string ApiVersion, string Kind), ResourceKind> ByName =
        All.SelectMany(k => k.ApiVersions.Select(v => (Key: (v, k.Kind), Kind: k))).ToDictionary(e => e.Key, e => e.Kind);

    /// <summary>The kind an apiVersion/kind pair names, or null when the gateway does not read that kind.</summary>
    public static ResourceKind? Find(string apiVersion, string kind) => ByName.GetValueOrDefault((apiVersion, kind));
}
