using System.Net;
using System.Text.Json;
using AzureGateway.Model;
using AzureGateway.Model.Alb;
using AzureGateway.Model.EnvoyGateway;
using AzureGateway.Model.GatewayApi;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace AzureGateway.Kubernetes.Watching;

/// <summary>One collection the source lists and watches across all namespaces.</summary>
public abstract class WatchedKind
{
    private protected WatchedKind(string group, string version, string plural, string kind)
    {
        Group = group;
        Version = version;
        Plural = plural;
        Kind = kind;
    }

    /// <summary>The API group; "" for the core group.</summary>
    public string Group { get; }
    public string Version { get; }
    public string Plural { get; }
    public string Kind { get; }

    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}

/// <summary>A watched collection whose objects deserialize to <typeparamref name="T"/>.</summary>
public sealed class WatchedKind<T> : WatchedKind
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Func<IKubernetes, CancellationToken, Task<object>> _list;
    private readonly Watch _watch;

    /// <summary>Opens a watch from a resourceVersion, with bookmarks; stream errors go to the callback.</summary>
    internal delegate IAsyncEnumerable<(WatchEventType, T)> Watch(
        IKubernetes client, string resourceVersion, Action<Exception> onError, CancellationToken cancellationToken);

    internal WatchedKind(
        string group, string version, string plural, string kind,
        Func<IKubernetes, CancellationToken, Task<object>> list, Watch watch, Func<T, bool>? keep = null)
        : base(group, version, plural, kind)
    {
        _list = list;
        _watch = watch;
        Keep = keep ?? (_ => true);
    }

    /// <summary>Whether an object is worth holding (Secrets: only the types the translator reads).</summary>
    public Func<T, bool> Keep { get; }

    /// <summary>Lists the collection: its items and the resourceVersion to watch from.</summary>
    public async Task<(IReadOnlyList<T> Items, string ResourceVersion)> ListAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        // Typed core lists and custom object lists read alike once they are JSON.
        var body = await _list(client, cancellationToken).ConfigureAwait(false);
        var json = body is JsonElement element ? element.GetRawText() : KubernetesJson.Serialize(body);
        var list = KubernetesJson.Deserialize<ObjectList>(json);
        return (list.Items ?? [], list.Metadata?.ResourceVersion ?? "");
    }

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/> with bookmarks. The sequence ends when the server closes
    /// the stream; errors the stream reports (a watch ERROR event) go to <paramref name="onError"/>.
    /// </summary>
    public IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        IKubernetes client, string resourceVersion, Action<Exception> onError, CancellationToken cancellationToken) =>
        _watch(client, resourceVersion, onError, cancellationToken);

    /// <summary>The list shape every collection shares.</summary>
    private sealed class ObjectList
    {
        public V1ListMeta? Metadata { get; set; }
        public List<T>? Items { get; set; }
    }
}

/// <summary>Every collection the gateway reads, in the order of <see cref="ResourceSnapshot"/>'s properties.</summary>
public static class WatchedKinds
{
    public static readonly WatchedKind<V1Namespace> Namespaces = new("", "v1", "namespaces", "Namespace",
        async (c, ct) => await c.CoreV1.ListNamespaceAsync(cancellationToken: ct).ConfigureAwait(false),
        (c, rv, onError, ct) => c.CoreV1.WatchListNamespaceAsync(
            allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct));

    public static readonly WatchedKind<V1Secret> Secrets = new("", "v1", "secrets", "Secret",
        async (c, ct) => await c.CoreV1.ListSecretForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false),
        (c, rv, onError, ct) => c.CoreV1.WatchListSecretForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
        // The translator reads certificates and keys only; other Secrets (tokens, registry credentials) are not held.
        s => s.Type is null or "Opaque" or "kubernetes.io/tls");

    public static readonly WatchedKind<V1ConfigMap> ConfigMaps = new("", "v1", "configmaps", "ConfigMap",
        async (c, ct) => await c.CoreV1.ListConfigMapForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false),
        (c, rv, onError, ct) => c.CoreV1.WatchListConfigMapForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct));

    public static readonly WatchedKind<V1Service> Services = new("", "v1", "services", "Service",
        async (c, ct) => await c.CoreV1.ListServiceForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false),
        (c, rv, onError, ct) => c.CoreV1.WatchListServiceForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct));

    public static readonly WatchedKind<V1EndpointSlice> EndpointSlices = new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice",
        async (c, ct) => await c.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false),
        (c, rv, onError, ct) => c.DiscoveryV1.WatchListEndpointSliceForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct));

    public static readonly WatchedKind<GatewayClass> GatewayClasses = Custom<GatewayClass>(ResourceKinds.GatewayApiGroup, "v1", "gatewayclasses", "GatewayClass");
    public static readonly WatchedKind<Gateway> Gateways = Custom<Gateway>(ResourceKinds.GatewayApiGroup, "v1", "gateways", "Gateway");
    public static readonly WatchedKind<HttpRoute> HttpRoutes = Custom<HttpRoute>(ResourceKinds.GatewayApiGroup, "v1", "httproutes", "HTTPRoute");
    public static readonly WatchedKind<ReferenceGrant> ReferenceGrants = Custom<ReferenceGrant>(ResourceKinds.GatewayApiGroup, "v1beta1", "referencegrants", "ReferenceGrant");
    public static readonly WatchedKind<BackendTlsPolicy> BackendTlsPolicies = Custom<BackendTlsPolicy>(ResourceKinds.GatewayApiGroup, "v1", "backendtlspolicies", "BackendTLSPolicy");
    public static readonly WatchedKind<AlbBackendTlsPolicy> AlbBackendTlsPolicies = Custom<AlbBackendTlsPolicy>(ResourceKinds.AlbGroup, "v1", "backendtlspolicies", "BackendTLSPolicy");
    public static readonly WatchedKind<EnvoyProxy> EnvoyProxies = Custom<EnvoyProxy>(ResourceKinds.EnvoyGatewayGroup, "v1alpha1", "envoyproxies", "EnvoyProxy");
    public static readonly WatchedKind<Backend> Backends = Custom<Backend>(ResourceKinds.EnvoyGatewayGroup, "v1alpha1", "backends", "Backend");

    public static IReadOnlyList<WatchedKind> All { get; } =
    [
        Namespaces, Secrets, ConfigMaps, Services, EndpointSlices, GatewayClasses, Gateways, HttpRoutes,
        ReferenceGrants, BackendTlsPolicies, AlbBackendTlsPolicies, EnvoyProxies, Backends,
    ];

    /// <summary>True when the API server answered that the collection does not exist (its CRD is not installed).</summary>
    public static bool IsNotFound(Exception e) => e is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound };

    private static WatchedKind<T> Custom<T>(string group, string version, string plural, string kind)
        where T : class, IKubernetesObject<V1ObjectMeta> => new(group, version, plural, kind,
        (c, ct) => c.CustomObjects.ListClusterCustomObjectAsync(group, version, plural, cancellationToken: ct),
        (c, rv, onError, ct) => Typed<T>(c.CustomObjects.WatchListClusterCustomObjectAsync(
            group, version, plural, allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct), onError));

    /// <summary>
    /// Custom object watches yield JSON; each event's object is read as the kind's type. An object that does not
    /// read is reported and skipped, as the typed watches do, so that one bad object does not stop the watch.
    /// </summary>
    private static async IAsyncEnumerable<(WatchEventType, T)> Typed<T>(
        IAsyncEnumerable<(WatchEventType, object)> events, Action<Exception> onError)
        where T : class
    {
        await foreach (var (type, item) in events.ConfigureAwait(false))
        {
            T? typed = null;
            try
            {
                typed = KubernetesJson.Deserialize<T>(item is JsonElement element ? element.GetRawText() : KubernetesJson.Serialize(item));
            }
            catch (JsonException e)
            {
                onError(e);
            }
            if (typed is not null)
            {
                yield return (type, typed);
            }
        }
    }
}
