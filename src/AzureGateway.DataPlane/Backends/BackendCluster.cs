using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using AzureGateway.IR;
using Yarp.ReverseProxy.Forwarder;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// A compiled <see cref="ClusterIr"/>: where its endpoints are and the client that reaches them, or, when
/// it cannot be used safely, why (its requests then get 500 and it is never contacted).
/// </summary>
internal sealed class BackendCluster
{
    // Built on the first request that asks: most clusters never serve a route with session affinity.
    private AffinityTokens? _affinityTokens;

    // The health key of each destination, in the same order.
    private readonly string[] _healthKeys;

    private BackendCluster(ClusterIr ir, string name, UpstreamTlsIr? tls, string? failure, BackendClient? client, string[] destinations, string[] healthKeys)
    {
        Ir = ir;
        Name = name;
        Tls = tls;
        Failure = failure;
        Client = client;
        Destinations = destinations;
        _healthKeys = healthKeys;
    }

    /// <summary>What it was compiled from: the same IR in the next configuration reuses the whole cluster.</summary>
    public ClusterIr Ir { get; }

    public string Name { get; }

    /// <summary>The TLS settings the client was built for; equal settings in the next configuration reuse it.</summary>
    public UpstreamTlsIr? Tls { get; }

    public string? Failure { get; }

    /// <summary>Null exactly when <see cref="Failure"/> is set.</summary>
    public BackendClient? Client { get; }

    /// <summary>
    /// Destination prefixes. TLS, when used, is opened by the connector; <c>https://</c> tells the HTTP client it is TLS
    /// where the cluster may speak HTTP/2, which sends the request's scheme and so must say <c>https</c> to a backend over
    /// TLS (Kestrel refuses a stream whose scheme is not its connection's). HTTP/1.1 sends no scheme, and its clusters
    /// keep <c>http://</c>: the HTTP client keys an <c>https</c> pool by the Host header, which would split the pool by
    /// client host for nothing.
    /// </summary>
    public IReadOnlyList<string> Destinations { get; }

    public static BackendCluster Usable(ClusterIr cluster, BackendClient client)
    {
        client.Health.Track(cluster.Endpoints);
        var scheme = cluster.Tls is not null && cluster.Protocol != BackendProtocolIr.Http11 ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;
        return new(cluster, cluster.Name, cluster.Tls, null, client, [.. cluster.Endpoints.Select(endpoint => Prefix(scheme, endpoint))],
            [.. cluster.Endpoints.Select(endpoint => EndpointHealth.Key(endpoint.Host, endpoint.Port))]);
    }

    public static BackendCluster Failed(ClusterIr cluster, string failure) => new(cluster, cluster.Name, null, failure, null, [], []);

    /// <summary>
    /// A destination picked at random among those in rotation (see <see cref="EndpointHealth"/>), or null when the
    /// cluster has no endpoints or none is in rotation.
    /// </summary>
    public string? PickDestination()
    {
        var health = Client?.Health;
        if (health is null || health.Ejected == 0)
        {
            return Destinations.Count switch
            {
                0 => null,
                1 => Destinations[0],
                var count => Destinations[Random.Shared.Next(count)],
            };
        }
        // Some endpoint is out: one of those in rotation, each as likely (reservoir sampling: one pass, no allocation).
        string? picked = null;
        var serving = 0;
        for (var i = 0; i < Destinations.Count; i++)
        {
            if (health.Serves(_healthKeys[i]) && Random.Shared.Next(++serving) == 0)
            {
                picked = Destinations[i];
            }
        }
        return picked;
    }

    /// <summary>Whether the cluster is usable and has an endpoint in rotation.</summary>
    public bool Serving => Client is not null && Destinations.Any(Serves);

    /// <summary>Whether <paramref name="destination"/>, one of <see cref="Destinations"/>, may be sent a request now.</summary>
    public bool Serves(string destination)
    {
        var health = Client?.Health;
        if (health is null || health.Ejected == 0)
        {
            return true;
        }
        for (var i = 0; i < Destinations.Count; i++)
        {
            if (Destinations[i] == destination)
            {
                return health.Serves(_healthKeys[i]);
            }
        }
        return true;
    }

    /// <summary>
    /// The HTTP version to forward with (<see cref="BackendHttpVersions"/>): the cluster's protocol. A negotiating cluster
    /// forwards an upgrade (WebSocket) as an HTTP/1.1 upgrade, which every such backend speaks; in plain text it has
    /// nothing to negotiate with and is HTTP/1.1.
    /// </summary>
    public ForwarderRequestConfig RequestConfig(bool upgrade) => Ir.Protocol switch
    {
        BackendProtocolIr.Http2 => BackendHttpVersions.Http2,
        BackendProtocolIr.Negotiated when Tls is not null && !upgrade => BackendHttpVersions.Negotiated,
        _ => BackendHttpVersions.Http11,
    };

    /// <summary>
    /// The session-affinity token naming <paramref name="destination"/>: opaque (an endpoint's address is not shown to
    /// clients), stable across configurations and gateway replicas (derived from the cluster and the endpoint only).
    /// </summary>
    public string AffinityToken(string destination) => Tokens().ByDestination[destination];

    /// <summary>The destination a session-affinity token names, or null when no endpoint of this cluster has it (any more).</summary>
    public string? DestinationFor(string token) => Tokens().ByToken.GetValueOrDefault(token);

    // The hashes are computed once per cluster, not per request.
    private AffinityTokens Tokens() => LazyInitializer.EnsureInitialized(ref _affinityTokens, () =>
    {
        var byDestination = Destinations.Distinct(StringComparer.Ordinal).ToFrozenDictionary(d => d, d => TokenOf(Name, d), StringComparer.Ordinal);
        return new AffinityTokens(byDestination, byDestination.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal));
    });

    private sealed record AffinityTokens(FrozenDictionary<string, string> ByDestination, FrozenDictionary<string, string> ByToken);

    private static string TokenOf(string cluster, string destination) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{cluster}\n{destination}")).AsSpan(0, 16));

    private static string Prefix(string scheme, EndpointIr endpoint) =>
        new UriBuilder(scheme, endpoint.Host, endpoint.Port).Uri.GetLeftPart(UriPartial.Authority);
}
