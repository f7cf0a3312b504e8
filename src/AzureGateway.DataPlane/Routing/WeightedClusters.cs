namespace AzureGateway.DataPlane.Routing;

/// <summary>
/// The clusters of a route, by name, each picked with a probability proportional to its weight. Names rather
/// than compiled clusters, so that a route compiled once keeps serving while the clusters it names are rebuilt
/// (a rotated client certificate rebuilds thousands of clusters and no route).
/// </summary>
internal sealed class WeightedClusters
{
    private readonly string[] _clusters;

    /// <summary>Running totals of the weights; a random number below the total falls into one cluster's share.</summary>
    private readonly long[] _upperBounds;

    public WeightedClusters(IEnumerable<(string Cluster, int Weight)> backends)
    {
        var clusters = new List<string>();
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

    /// <summary>The name of a cluster chosen by weight, or null when there is none with a positive weight.</summary>
    public string? Pick()
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
