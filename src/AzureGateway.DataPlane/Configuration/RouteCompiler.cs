using AzureGateway.DataPlane.Backends;
using AzureGateway.DataPlane.Filters;
using AzureGateway.DataPlane.Routing;
using AzureGateway.IR;
using Yarp.ReverseProxy.Forwarder;

namespace AzureGateway.DataPlane.Configuration;

/// <summary>
/// Compiles a <see cref="RouteIr"/> with its already compiled match: filters into one transformer per backend (the
/// rule's filters, then the backend's), and the route's redirect, CORS, limits, retry and session affinity. A route
/// without any of them gets <see cref="HttpTransformer.Empty"/> and costs a request what it cost before filters existed.
/// </summary>
internal static class RouteCompiler
{
    public static GatewayRoute Compile(RouteIr route, RouteMatcher matcher, TimeSpan defaultBackendRequestTimeout)
    {
        var cors = route.Cors is null ? null : new CorsPolicy(route.Cors);
        var retry = RetryPolicy.Of(route.Retry);
        var backends = route.Backends.Select(backend => (Backend(route, backend, cors, retry), backend.Weight));
        return new GatewayRoute(route, matcher, new WeightedClusters(backends), RouteTimeouts.Of(route.Timeouts, defaultBackendRequestTimeout), cors, retry);
    }

    private static RouteBackend Backend(RouteIr route, WeightedClusterIr backend, CorsPolicy? cors, RetryPolicy? retry)
    {
        var rule = route.Filters;
        var own = backend.Filters;
        var requestHeaders = HeaderEdits.Of(rule?.RequestHeaders, own?.RequestHeaders);
        var responseHeaders = HeaderEdits.Of(rule?.ResponseHeaders, own?.ResponseHeaders);
        // A backendRef's rewrite is more specific than its rule's, part by part.
        var hostname = own?.UrlRewrite?.Hostname ?? rule?.UrlRewrite?.Hostname;
        var path = PathRewrite.Of(own?.UrlRewrite?.Path ?? rule?.UrlRewrite?.Path);
        var mirrors = (rule?.Mirrors ?? EquatableArray<MirrorIr>.Empty).Concat(own?.Mirrors ?? EquatableArray<MirrorIr>.Empty).ToArray();
        // The retry policy holds back answers through the transformer, so a route with one needs its own.
        var transformer = requestHeaders is null && responseHeaders is null && hostname is null && path is null && cors is null && retry is null
            ? HttpTransformer.Empty
            : new RouteTransformer(requestHeaders, hostname, path, responseHeaders, cors);
        return new RouteBackend(backend.Cluster, transformer, mirrors);
    }
}
