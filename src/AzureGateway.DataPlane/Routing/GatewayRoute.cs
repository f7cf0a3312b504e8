using AzureGateway.DataPlane.Backends;
using AzureGateway.DataPlane.Filters;
using AzureGateway.IR;
using Microsoft.AspNetCore.Http;

namespace AzureGateway.DataPlane.Routing;

/// <summary>A compiled <see cref="RouteIr"/>: its match, what it does with a request, and the backends it sends to.</summary>
internal sealed class GatewayRoute(RouteIr ir, RouteMatcher matcher, WeightedClusters backends, RouteTimeouts timeouts, CorsPolicy? cors, RetryPolicy? retry)
{
    public RouteIr Ir { get; } = ir;
    public string Name => Ir.Name;
    public WeightedClusters Backends { get; } = backends;

    /// <summary>Why the route answers 500 instead of serving, or null.</summary>
    public string? Failure => Ir.Failure;

    public RequestRedirect? Redirect { get; } = ir.Redirect is null ? null : new RequestRedirect(ir.Redirect);
    public CorsPolicy? Cors { get; } = cors;
    public RouteTimeouts Timeouts { get; } = timeouts;
    public RetryPolicy? Retry { get; } = retry;
    public SessionAffinity? SessionAffinity { get; } = ir.SessionAffinity is null ? null : new SessionAffinity(ir.SessionAffinity);

    public RouteMatcher Matcher { get; } = matcher;

    public bool IsMatch(HttpRequest request) => Matcher.IsMatch(request);
}

/// <summary>The routes of one hostname, in the Gateway API's precedence order: the first that matches serves.</summary>
internal sealed class VirtualHost(string hostname, IReadOnlyList<GatewayRoute> routes)
{
    public string Hostname { get; } = hostname;
    public IReadOnlyList<GatewayRoute> Routes { get; } = routes;

    public GatewayRoute? FirstMatch(HttpRequest request)
    {
        foreach (var route in Routes)
        {
            if (route.IsMatch(request))
            {
                return route;
            }
        }
        return null;
    }
}
