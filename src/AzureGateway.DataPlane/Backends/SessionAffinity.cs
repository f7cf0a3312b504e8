using System.Globalization;
using AzureGateway.DataPlane.Routing;
using AzureGateway.IR;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// A compiled <see cref="SessionAffinityIr"/> (AGC RoutePolicy <c>sessionAffinity</c>): the gateway issues a cookie
/// naming, opaquely, the endpoint that served the first request, and sends later requests carrying it to that endpoint
/// while it is one of the cluster's. AGC treats both affinity types this way, the application-cookie type with the
/// cookie name and lifetime the policy gives and the managed type with its own (which the translation puts in the IR).
/// </summary>
internal sealed class SessionAffinity(SessionAffinityIr ir)
{
    private readonly string _maxAge = ir.CookieDuration is { } duration
        ? $"; Max-Age={((long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture)}"
        : "";

    public SessionAffinityIr Ir { get; } = ir;

    /// <summary>
    /// The backend of the route and the endpoint the request's cookie names, while the route still sends to that
    /// backend and its cluster still has that endpoint; else null and the request is balanced as any other. The
    /// cookie decides the backendRef too, not only the endpoint within the one the weights picked: a client stays
    /// on what served it across a route's several backends, as AGC keeps it. An endpoint out of the rotation (see
    /// <see cref="EndpointHealth"/>) holds no one: the request is balanced over the healthy ones and its answer carries a
    /// cookie naming the one that served it.
    /// </summary>
    public (RouteBackend Backend, string Destination)? Sticky(HttpRequest request, WeightedClusters backends, IReadOnlyDictionary<string, BackendCluster> clusters)
    {
        if (!request.Cookies.TryGetValue(Ir.CookieName, out var token) || string.IsNullOrEmpty(token))
        {
            return null;
        }
        foreach (var (backend, _) in backends.WithWeights())
        {
            if (clusters.GetValueOrDefault(backend.Cluster) is { Client: not null } cluster && cluster.DestinationFor(token) is { } destination)
            {
                return cluster.Serves(destination) ? (backend, destination) : null;
            }
        }
        return null;
    }

    /// <summary>Tells the client, with the answer, to come back to <paramref name="destination"/>.</summary>
    public void Issue(HttpContext context, BackendCluster cluster, string destination)
    {
        var secure = context.Request.IsHttps ? "; Secure" : "";
        context.Response.Headers.Append(HeaderNames.SetCookie,
            $"{Ir.CookieName}={cluster.AffinityToken(destination)}; Path=/; HttpOnly{secure}{_maxAge}");
    }
}
