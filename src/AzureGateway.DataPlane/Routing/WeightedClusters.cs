namespace AzureGateway.DataPlane.Routing;

/// <summary>
/// The backends of a route, each picked with a probability proportional to its weight. They name their clusters
/// rather than hold them, so that a route compiled once keeps serving while the clusters it names are rebuilt
/// (a rotated client certificate rebuilds thousands of clusters and no route).
/// </summary>
internal sealed class WeightedClusters
{
    private readonly RouteBackend[] _backends;

    /// <summary>Running totals of the weights; a random number below the total falls into one backend's share.</summary>
    private readonly long[] _upperBounds;

    public WeightedClusters(IEnumerable<(RouteBackend Backend, int Weight)> backends)
    {
        var kept = new List<RouteBackend>();
        var bounds = new List<long>();
        long total = 0;
        foreach (var (backend, weight) in backends)
        {
            if (weight > 0)
            {
                total += weight;
                kept.Add(backend);
                bounds.Add(total);
            }
        }
        _backends = [.. kept];
        _upperBounds = [.. bounds];
    }

    /// <summary>The backends with a positive weight and their weights, in the route's order.</summary>
    public IEnumerable<(RouteBackend Backend, long Weight)> WithWeights() =>
        _backends.Select((backend, i) => (backend, _upperBounds[i] - (i == 0 ? 0 : _upperBounds[i - 1])));

    /// <summary>
    /// A backend chosen by weight among those <paramref name="serves"/> accepts (asked once each), or null when it
    /// accepts none: the share of a backend that cannot serve goes to the others in proportion to their weights.
    /// </summary>
    public RouteBackend? PickAmong(Func<RouteBackend, bool> serves)
    {
        RouteBackend? picked = null;
        long total = 0;
        foreach (var (backend, weight) in WithWeights())
        {
            // Weighted reservoir sampling: each accepted backend replaces the pick with its share of the weight so far.
            if (serves(backend))
            {
                total += weight;
                if (Random.Shared.NextInt64(total) < weight)
                {
                    picked = backend;
                }
            }
        }
        return picked;
    }

    /// <summary>A backend chosen by weight, or null when there is none with a positive weight.</summary>
    public RouteBackend? Pick()
    {
        if (_backends.Length <= 1)
        {
            return _backends.Length == 0 ? null : _backends[0];
        }
        var ticket = Random.Shared.NextInt64(_upperBounds[^1]);
        var index = Array.BinarySearch(_upperBounds, ticket);
        // An exact hit on a bound belongs to the next share; a miss gives the complement of the next larger bound.
        return _backends[index >= 0 ? index + 1 : ~index];
    }
}
