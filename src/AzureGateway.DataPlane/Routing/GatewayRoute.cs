using Microsoft.AspNetCore.Http;

namespace AzureGateway.DataPlane.Routing;

/// <summary>A compiled <see cref="IR.RouteIr"/>: its match and the clusters it sends to.</summary>
internal sealed class GatewayRoute(string name, RouteMatcher matcher, WeightedClusters backends)
{
    public string Name { get; } = name;
    public WeightedClusters Backends { get; } = backends;

    public bool IsMatch(HttpRequest request) => matcher.IsMatch(request);
}

/// <summary>The routes of one hostname, in the Gateway API's precedence order: the first that matches serves.</summary>
internal sealed class VirtualHost(IReadOnlyList<GatewayRoute> routes)
{
    public GatewayRoute? FirstMatch(HttpRequest request)
    {
        foreach (var route in routes)
        {
            if (route.IsMatch(request))
            {
                return route;
            }
        }
        return null;
    }
}
