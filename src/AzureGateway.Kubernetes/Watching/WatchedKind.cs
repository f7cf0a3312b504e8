using System.Net;
using System.Text.Json;
using AzureGateway.Model;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Kubernetes.Watching;

/// <summary>One collection the source lists and watches across all namespaces: a kind of <see cref="ResourceKinds.All"/>.</summary>
public abstract class WatchedKind
{
    private protected WatchedKind(ResourceKind resource) => Resource = resource;

    /// <summary>The kind, from the one list of kinds.</summary>
    public ResourceKind Resource { get; }

    /// <summary>The API group; "" for the core group.</summary>
    public string Group => Resource.Group;
    public string Version => Resource.Version;
    public string Plural => Resource.Plural;
    public string Kind => Resource.Kind;

    /// <summary>An empty store for this kind's objects.</summary>
    internal abstract KindStore NewStore();

    /// <summary>Lists then watches this kind into <paramref name="state"/> until cancelled.</summary>
    internal abstract Task RunAsync(
        IKubernetes client, SnapshotState state, KubernetesSourceOptions options, TimeProvider time, ILogger logger,
        CancellationToken cancellationToken);

    public override string ToString() => Resource.ToString();
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
        ResourceKind<T> resource, Func<IKubernetes, CancellationToken, Task<object>> list, Watch watch, Func<T, bool>? keep = null)
        : base(resource)
    {
        Resource = resource;
        _list = list;
        _watch = watch;
        Keep = keep ?? (_ => true);
    }

    /// <summary>The kind, from the one list of kinds.</summary>
    public new ResourceKind<T> Resource { get; }

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

    internal override KindStore NewStore() => new KindStore<T>(Resource);

    internal override Task RunAsync(
        IKubernetes client, SnapshotState state, KubernetesSourceOptions options, TimeProvider time, ILogger logger,
        CancellationToken cancellationToken) =>
        new KindWatcher<T>(this, client, state, options, time, logger).RunAsync(cancellationToken);

    /// <summary>The list shape every collection shares.</summary>
    private sealed class ObjectList
    {
        public V1ListMeta? Metadata { get; set; }
        public List<T>? Items { get; set; }
    }
}

/// <summary>
/// Every collection the gateway reads: one per kind of <see cref="ResourceKinds.All"/>, in its order. Built-in kinds
/// are read through their typed calls; every other kind is a custom resource, read through the custom object calls.
/// </summary>
public static class WatchedKinds
{
    private static readonly Dictionary<ResourceKind, WatchedKind> BuiltIn = new WatchedKind[]
    {
        new WatchedKind<V1Namespace>(ResourceKinds.Namespaces,
            async (c, ct) => await c.CoreV1.ListNamespaceAsync(cancellationToken: ct).ConfigureAwait(false),
            (c, rv, onError, ct) => c.CoreV1.WatchListNamespaceAsync(
                allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct)),
        new WatchedKind<V1Secret>(ResourceKinds.Secrets,
            async (c, ct) => await c.CoreV1.ListSecretForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false),
            (c, rv, onError, ct) => c.CoreV1.WatchListSecretForAllNamespacesAsync(
                allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
            // The translator reads certificates and keys only; other Secrets (tokens, registry credentials) are not held.
            s => s.Type is null or "Opaque" or "kubernetes.io/tls"),
        new WatchedKind<V1ConfigMap>(ResourceKinds.ConfigMaps,
            async (c, ct) => await c.CoreV1.ListConfigMapForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false),
            (c, rv, onError, ct) => c.CoreV1.WatchListConfigMapForAllNamespacesAsync(
                allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct)),
        new WatchedKind<V1Service>(ResourceKinds.Services,
            async (c, ct) => await c.CoreV1.ListServiceForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false),
            (c, rv, onError, ct) => c.CoreV1.WatchListServiceForAllNamespacesAsync(
                allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct)),
        new WatchedKind<V1EndpointSlice>(ResourceKinds.EndpointSlices,
            async (c, ct) => await c.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false),
            (c, rv, onError, ct) => c.DiscoveryV1.WatchListEndpointSliceForAllNamespacesAsync(
                allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct)),
    }.ToDictionary(k => k.Resource);

    public static IReadOnlyList<WatchedKind> All { get; } =
        [.. ResourceKinds.All.Select(k => BuiltIn.GetValueOrDefault(k) ?? k.Accept(CustomResource.Instance))];

    /// <summary>True when the API server answered that the collection does not exist (its CRD is not installed).</summary>
    public static bool IsNotFound(Exception e) => e is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound };

    /// <summary>Reads a kind as a custom resource, cluster-wide, at the version the list names.</summary>
    private sealed class CustomResource : IResourceKindVisitor<WatchedKind>
    {
        public static readonly CustomResource Instance = new();

        public WatchedKind Visit<T>(ResourceKind<T> kind)
            where T : class, IKubernetesObject<V1ObjectMeta> => new WatchedKind<T>(kind,
            (c, ct) => c.CustomObjects.ListClusterCustomObjectAsync(kind.Group, kind.Version, kind.Plural, cancellationToken: ct),
            (c, rv, onError, ct) => Typed<T>(c.CustomObjects.WatchListClusterCustomObjectAsync(
                kind.Group, kind.Version, kind.Plural, allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct), onError));
    }

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
                typed = ModelJson.Deserialize<T>(item is JsonElement element ? element.GetRawText() : KubernetesJson.Serialize(item));
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
