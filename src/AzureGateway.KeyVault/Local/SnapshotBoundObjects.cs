using AzureGateway.KeyVault.Bindings;
using AzureGateway.KeyVault.Writing;
using AzureGateway.Model;
using k8s.Models;

namespace AzureGateway.KeyVault.Local;

/// <summary>
/// The bound Secrets and ConfigMaps of a folder, held in memory: the sync writes into them as it would into a
/// cluster, and what it wrote is kept across snapshots for as long as an object's binding stays the same, so an
/// edit elsewhere in the folder downloads nothing again. Nothing here touches the disk.
/// </summary>
internal sealed class SnapshotBoundObjects : IBoundObjectStore
{
    private readonly Lock _lock = new();
    private Dictionary<(ObjectKind, string, string), Entry> _entries = [];
    private long _resourceVersion;

    /// <summary>Incremented by every write, so a caller can tell whether anything was written.</summary>
    public long Writes { get; private set; }

    /// <summary>Takes the bound objects of a new snapshot; true when it has any.</summary>
    public bool Load(ResourceSnapshot snapshot)
    {
        lock (_lock)
        {
            var loaded = new Dictionary<(ObjectKind, string, string), Entry>();
            foreach (var bound in BoundObject.In(snapshot))
            {
                var key = (bound.Kind, bound.Namespace, bound.Name);
                loaded[key] = _entries.TryGetValue(key, out var kept) && bound.SameBindingAs(bound with { Annotations = kept.Annotations })
                    ? kept
                    : new Entry(bound.Annotations, new Dictionary<string, string>(), (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            _entries = loaded;
            return loaded.Count > 0;
        }
    }

    /// <summary>The snapshot with every bound object's written data and annotations laid over it.</summary>
    public ResourceSnapshot Apply(ResourceSnapshot snapshot)
    {
        lock (_lock)
        {
            return snapshot with
            {
                Secrets = [.. snapshot.Secrets.Select(s => Written(ObjectKind.Secret, s.Metadata) is { } e ? WithData(s, e) : s)],
                ConfigMaps = [.. snapshot.ConfigMaps.Select(c => Written(ObjectKind.ConfigMap, c.Metadata) is { } e ? WithData(c, e) : c)],
            };
        }
    }

    public Task<IReadOnlyList<BoundObject>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<BoundObject>>([.. _entries.Select(p => Bound(p.Key, p.Value))]);
        }
    }

    public Task<BoundObject?> GetAsync(BoundObject target, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = (target.Kind, target.Namespace, target.Name);
            return Task.FromResult(_entries.TryGetValue(key, out var entry) ? Bound(key, entry) : null);
        }
    }

    public Task WriteAsync(BoundObject target, ObjectWrite write, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = (target.Kind, target.Namespace, target.Name);
            if (!_entries.TryGetValue(key, out var entry) || entry.ResourceVersion != target.ResourceVersion)
            {
                throw new InvalidOperationException($"{target} changed while it was being written");
            }
            var annotations = new Dictionary<string, string>(entry.Annotations);
            foreach (var (name, value) in write.Annotations)
            {
                if (value is null)
                {
                    annotations.Remove(name);
                }
                else
                {
                    annotations[name] = value;
                }
            }
            var data = new Dictionary<string, string>(entry.Data);
            foreach (var (name, value) in write.Data)
            {
                data[name] = value;
            }
            _entries[key] = new Entry(annotations, data, (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Writes++;
            return Task.CompletedTask;
        }
    }

    private Entry? Written(ObjectKind kind, V1ObjectMeta? metadata) =>
        _entries.GetValueOrDefault((kind, metadata?.NamespaceProperty ?? "default", metadata?.Name ?? "")) is { Data.Count: > 0 } entry ? entry : null;

    private static V1Secret WithData(V1Secret secret, Entry entry)
    {
        var data = new Dictionary<string, byte[]>(secret.Data ?? new Dictionary<string, byte[]>());
        foreach (var (key, value) in entry.Data)
        {
            data[key] = System.Text.Encoding.UTF8.GetBytes(value);
        }
        return new V1Secret
        {
            ApiVersion = secret.ApiVersion, Kind = secret.Kind, Type = secret.Type, Immutable = secret.Immutable,
            Metadata = Metadata(secret.Metadata, entry), Data = data,
        };
    }

    private static V1ConfigMap WithData(V1ConfigMap configMap, Entry entry)
    {
        var data = new Dictionary<string, string>(configMap.Data ?? new Dictionary<string, string>());
        foreach (var (key, value) in entry.Data)
        {
            data[key] = value;
        }
        return new V1ConfigMap
        {
            ApiVersion = configMap.ApiVersion, Kind = configMap.Kind, Immutable = configMap.Immutable, BinaryData = configMap.BinaryData,
            Metadata = Metadata(configMap.Metadata, entry), Data = data,
        };
    }

    private static BoundObject Bound((ObjectKind Kind, string Namespace, string Name) key, Entry entry) =>
        new(key.Kind, key.Namespace, key.Name, entry.ResourceVersion, entry.Annotations);

    private static V1ObjectMeta Metadata(V1ObjectMeta metadata, Entry entry) => new()
    {
        Name = metadata.Name,
        NamespaceProperty = metadata.NamespaceProperty,
        Labels = metadata.Labels,
        Annotations = new Dictionary<string, string>(entry.Annotations),
        Generation = metadata.Generation,
        ResourceVersion = metadata.ResourceVersion,
        Uid = metadata.Uid,
        CreationTimestamp = metadata.CreationTimestamp,
    };

    private sealed record Entry(IReadOnlyDictionary<string, string> Annotations, IReadOnlyDictionary<string, string> Data, string ResourceVersion)
    {
        // Data holds private keys.
        public override string ToString() => $"{nameof(Entry)} {ResourceVersion}";
    }
}
