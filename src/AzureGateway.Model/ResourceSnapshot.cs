using System.Collections.Immutable;
using AzureGateway.Model.Alb;
using AzureGateway.Model.EnvoyGateway;
using AzureGateway.Model.GatewayApi;
using k8s;
using k8s.Models;

namespace AzureGateway.Model;

/// <summary>
/// Everything a source saw at one moment: the translator's whole input. Sources build a new snapshot on
/// every change; nobody mutates one after it is built. Each collection is the one of a kind in
/// <see cref="ResourceKinds.All"/>.
/// </summary>
public sealed record ResourceSnapshot
{
    public static readonly ResourceSnapshot Empty = new();

    public ImmutableArray<V1Namespace> Namespaces { get; init; } = [];
    public ImmutableArray<V1Secret> Secrets { get; init; } = [];
    public ImmutableArray<V1ConfigMap> ConfigMaps { get; init; } = [];
    public ImmutableArray<V1Service> Services { get; init; } = [];
    public ImmutableArray<V1EndpointSlice> EndpointSlices { get; init; } = [];
    public ImmutableArray<GatewayClass> GatewayClasses { get; init; } = [];
    public ImmutableArray<Gateway> Gateways { get; init; } = [];
    public ImmutableArray<HttpRoute> HttpRoutes { get; init; } = [];
    public ImmutableArray<GrpcRoute> GrpcRoutes { get; init; } = [];
    public ImmutableArray<ReferenceGrant> ReferenceGrants { get; init; } = [];
    public ImmutableArray<BackendTlsPolicy> BackendTlsPolicies { get; init; } = [];
    public ImmutableArray<AlbBackendTlsPolicy> AlbBackendTlsPolicies { get; init; } = [];
    public ImmutableArray<RoutePolicy> RoutePolicies { get; init; } = [];
    public ImmutableArray<FrontendTlsPolicy> FrontendTlsPolicies { get; init; } = [];
    public ImmutableArray<HealthCheckPolicy> HealthCheckPolicies { get; init; } = [];
    public ImmutableArray<EnvoyProxy> EnvoyProxies { get; init; } = [];
    public ImmutableArray<Backend> Backends { get; init; } = [];
    public ImmutableArray<ClientTrafficPolicy> ClientTrafficPolicies { get; init; } = [];
    public ImmutableArray<TlsRoute> TlsRoutes { get; init; } = [];

    /// <summary>
    /// Documents the source read but refused (each one line naming its file and line): the snapshot holds the rest,
    /// as a cluster would hold everything but what its API server refused.
    /// </summary>
    public ImmutableArray<string> Refused { get; init; } = [];

    /// <summary>
    /// Why the source's latest read was rejected as a whole (a file that does not parse), or null. Such a snapshot
    /// holds the last good resources the source read (none before the first), so the last good configuration keeps
    /// serving while the failure is still seen.
    /// </summary>
    public string? ReadFailure { get; init; }

    /// <summary>Builds a snapshot from loaded objects of any supported kind; other objects are ignored.</summary>
    public static ResourceSnapshot From(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects)
    {
        var list = objects.ToList();
        return ResourceKinds.All.Aggregate(Empty, (snapshot, kind) => kind.With(snapshot, list));
    }
}
