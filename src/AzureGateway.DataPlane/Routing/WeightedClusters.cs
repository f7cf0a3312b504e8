using AzureGateway.DataPlane.Backends;

namespace AzureGateway.DataPlane.Routing;

/// <summary>The clusters of a route, each picked with a probability proportional to its weight.</summary>
internal sealed class WeightedClusters
{
    private readonly BackendCluster[] _clusters;

    /// <summary>Running totals of the weights; a random number below the total falls into one cluster's share.</summary>
    private readonly long[] _upperBounds;

    public WeightedClusters(IEnumerable<(BackendCluster Cluster, int Weight)> backends)
    {
        var clusters = new List<BackendCluster>();
        var bounds = new List<long>();
        long total = 0;
        foreach (var (cluster, weight) in backends)
        {
            if (weight > 0)
            {
                total += weight;
                clusters.Add(cluster);
                bounds.Add(total);
            }
        }
        _clusters = [.. clusters];
        _upperBounds = [.. bounds];
    }

    /// <summary>A cluster chosen by weight, or null when there is none with a positive weight.</summary>
    public BackendCluster? Pick()
    {
        if (_clusters.Length <= 1)
        {
            return _clusters.Length == 0 ? null : _clusters[0];
        }
        var ticket = Random.Shared.NextInt64(_upperBounds[^1]);
        var index = Array.BinarySearch(_upperBounds, ticket);
        // An exact hit on a bound belongs to the next share; a miss gives the complement of the next larger bound.
        return _clusters[index >= 0 ? index + 1 : ~index];
    }
}
