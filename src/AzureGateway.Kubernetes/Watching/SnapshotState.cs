using AzureGateway.Model;
using k8s;
using k8s.Models;

namespace AzureGateway.Kubernetes.Watching;

/// <summary>
/// What every kind's watcher has seen, behind one lock. Each change bumps <see cref="Version"/> and signals the
/// publisher; the first snapshot waits until every kind has finished its initial list.
/// </summary>
internal sealed class SnapshotState(Action signal)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<WatchedKind, KindStore> _stores = WatchedKinds.All.ToDictionary(k => k, k => k.NewStore());
    private readonly HashSet<WatchedKind> _listed = [];
    private readonly TaskCompletionSource _allListed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    /// <summary>Completes when every kind in <see cref="WatchedKinds.All"/> has been listed once.</summary>
    public Task AllListed => _allListed.Task;

    public long Version
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    /// <summary>Runs a change on one kind's store; signals the publisher when it changed anything.</summary>
    public void Change<T>(WatchedKind<T> kind, Func<KindStore<T>, bool> change)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (_lock)
        {
            if (!change(Store(kind)))
            {
                return;
            }
            _version++;
        }
        signal();
    }

    public void MarkListed(WatchedKind kind)
    {
        lock (_lock)
        {
            if (!_listed.Add(kind) || _listed.Count < WatchedKinds.All.Count)
            {
                return;
            }
        }
        _allListed.TrySetResult();
    }

    public (ResourceSnapshot Snapshot, long Version) Build()
    {
        lock (_lock)
        {
            var snapshot = WatchedKinds.All.Aggregate(ResourceSnapshot.Empty, (built, kind) => _stores[kind].AddTo(built));
            return (snapshot, _version);
        }
    }

    private KindStore<T> Store<T>(WatchedKind<T> kind)
        where T : class, IKubernetesObject<V1ObjectMeta> => (KindStore<T>)_stores[kind];
}
