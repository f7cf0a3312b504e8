using System.Collections.Immutable;
using System.Text.Json.Nodes;
using AzureGateway.Model;
using k8s;
using k8s.Models;

namespace AzureGateway.Kubernetes.Watching;

/// <summary>
/// The objects of one collection as last seen, in the order they were first seen. An object whose content did not
/// change keeps its reference and an object that changed keeps its position, so that consecutive snapshots share
/// what did not change (the translator's fast path compares references). Not thread-safe: its owner locks.
/// </summary>
internal sealed class KindStore<T>(ResourceKind<T> kind) : KindStore
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly OrderedDictionary<string, T> _objects = new(StringComparer.Ordinal);
    private ImmutableArray<T>? _items;

    public ImmutableArray<T> Items => _items ??= [.. _objects.Values];

    public override ResourceSnapshot AddTo(ResourceSnapshot snapshot) => kind.With(snapshot, Items);

    /// <summary>Adds or updates an object; false when it read the same as what is held (nothing changed).</summary>
    public bool Upsert(T item)
    {
        var key = Key(item);
        if (_objects.TryGetValue(key, out var held) && SameContent(held, item))
        {
            return false;
        }
        _objects[key] = item;
        _items = null;
        return true;
    }

    public bool Remove(T item)
    {
        if (!_objects.Remove(Key(item)))
        {
            return false;
        }
        _items = null;
        return true;
    }

    /// <summary>Replaces everything with a fresh list, keeping held references for objects that did not change.</summary>
    public bool ReplaceAll(IEnumerable<T> items)
    {
        var listed = items.ToDictionary(Key, StringComparer.Ordinal);
        var changed = false;
        foreach (var key in _objects.Keys.Where(k => !listed.ContainsKey(k)).ToList())
        {
            _objects.Remove(key);
            changed = true;
        }
        foreach (var item in listed.Values)
        {
            changed |= Upsert(item);
        }
        if (changed)
        {
            _items = null;
        }
        return changed;
    }

    private static string Key(T item) => $"{item.Metadata.NamespaceProperty}/{item.Metadata.Name}";

    /// <summary>
    /// Whether two versions of an object read the same to the translator: everything but the resourceVersion, the
    /// managed fields and the status. Our own status writes change exactly those and must not start a translation.
    /// </summary>
    private static bool SameContent(T held, T item)
    {
        if (held.Metadata.ResourceVersion == item.Metadata.ResourceVersion)
        {
            return true;
        }
        return JsonNode.DeepEquals(Content(held), Content(item));
    }

    private static JsonNode? Content(T item)
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(item));
        if (node is JsonObject root)
        {
            root.Remove("status");
            if (root["metadata"] is JsonObject metadata)
            {
                metadata.Remove("resourceVersion");
                metadata.Remove("managedFields");
            }
        }
        return node;
    }
}

/// <summary>A kind's store, whatever its kind: what a snapshot is built from.</summary>
internal abstract class KindStore
{
    /// <summary>The snapshot with this kind's collection set to the objects held.</summary>
    public abstract ResourceSnapshot AddTo(ResourceSnapshot snapshot);
}
