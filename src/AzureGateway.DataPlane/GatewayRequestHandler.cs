using System.Net;
using AzureGateway.DataPlane.Backends;
using AzureGateway.DataPlane.Configuration;
using AzureGateway.DataPlane.Frontend;
using AzureGateway.DataPlane.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace AzureGateway.DataPlane;

/// <summary>
/// Serves one request: route it by the current configuration, pick a cluster by weight, and forward with
/// YARP's <see cref="IHttpForwarder"/>.
/// </summary>
/// <remarks>
/// The routing is ours and YARP does the forwarding (request and response copying, HTTP/2 to HTTP/1.1,
/// upgrades, error mapping). YARP's own routing (route templates, an <c>IProxyConfigProvider</c> and endpoint
/// matcher policies) was not used: Gateway API matching (vhost by specificity, then the first route in
/// precedence order, full-match regular expressions, element-wise path prefixes, exact query parameter
/// names) does not map onto route templates; YARP swaps routes and clusters in separate steps, rebuilds a
/// cluster's client only when its <c>ClusterConfig</c> changes (which cannot carry certificate material);
/// and it would add an endpoint-routing stage to every request. Here one immutable
/// <see cref="DataPlaneConfig"/> holds routes, clusters and clients together, and a request reads it once,
/// so a swap is atomic and a request in flight finishes on the settings it started with.
/// </remarks>
internal sealed partial class GatewayRequestHandler(ActiveConfig active, IHttpForwarder forwarder, ILogger<GatewayRequestHandler> logger)
{
    // Backends get HTTP/1.1: TLS to them is opened by the connector, which offers only http/1.1 by ALPN.
    private static readonly ForwarderRequestConfig RequestConfig = new()
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    public async Task HandleAsync(HttpContext context)
    {
        var port = context.Features.GetRequiredFeature<GatewayPortFeature>().Port;
        while (true)
        {
            var config = active.Current;
            var route = config.Ports.GetValueOrDefault(port)?.RouteFor(context.Request);
            if (route is null)
            {
                Log.NoRoute(logger, port, context.Request.Host.Value ?? "", context.Request.Path.Value ?? "");
                await RespondAsync(context, StatusCodes.Status404NotFound, "no route matches this request");
                return;
            }
            var clusterName = route.Backends.Pick();
            var cluster = clusterName is null ? null : config.Clusters.GetValueOrDefault(clusterName);
            if (cluster?.Client is null)
            {
                CountByRoute(context, route);
                Log.ClusterFailed(logger, route.Name, clusterName ?? "(none)", cluster?.Failure
                    ?? (clusterName is null ? "the route has no backend with a positive weight" : $"cluster {clusterName} is not defined"));
                await RespondAsync(context, StatusCodes.Status500InternalServerError, "the backend of this route is not usable");
                return;
            }
            var destination = cluster.PickDestination();
            if (destination is null)
            {
                CountByRoute(context, route);
                Log.NoEndpoints(logger, route.Name, cluster.Name);
                await RespondAsync(context, StatusCodes.Status503ServiceUnavailable, "the backend of this route has no endpoints");
                return;
            }
            // Fails only when a newer configuration retired this client and its last request finished
            // meanwhile; this request has not started, so it is routed again by the newer configuration.
            if (!cluster.Client.TryAcquire())
            {
                continue;
            }
            CountByRoute(context, route);
            try
            {
                // The empty transformer forwards the client's Host header as it came and adds no X-Forwarded
                // headers (measured as a noticeable cost per request, and nothing here asks for them).
                var error = await forwarder.SendAsync(context, destination, cluster.Client.Invoker, RequestConfig, HttpTransformer.Empty);
                if (error != ForwarderError.None)
                {
                    ReportForwardingError(context, error, route.Name, cluster.Name, destination);
                }
            }
            finally
            {
                cluster.Client.Release();
            }
            return;
        }
    }

    /// <summary>
    /// ASP.NET Core's request metric (<c>http.server.request.duration</c>) counts the request under the route that
    /// served it. Called once per request, when the route is final; the feature exists only while something listens.
    /// </summary>
    private static void CountByRoute(HttpContext context, GatewayRoute route) =>
        context.Features.Get<IHttpMetricsTagsFeature>()?.Tags.Add(new KeyValuePair<string, object?>("http.route", route.Name));

    private void ReportForwardingError(HttpContext context, ForwarderError error, string route, string cluster, string destination)
    {
        var exception = context.GetForwarderErrorFeature()?.Exception;
        if (error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled
            or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyClient || exception is null)
        {
            // The client went away or sent a broken body: not the backend's doing.
            Log.ClientSideError(logger, error, route, cluster);
            return;
        }
        var failure = BackendFailure.Describe(exception);
        Log.BackendFailed(logger, cluster, destination, route, failure.Kind, failure.Reason);
    }

    private static Task RespondAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Backend {Cluster} at {Destination} failed for route {Route}: {Kind}: {Reason}")]
        public static partial void BackendFailed(ILogger logger, string cluster, string destination, string route, BackendFailureKind kind, string reason);

        [LoggerMessage(Level = LogLevel.Debug, Message = "No route on port {Port} for host {Host} path {Path}")]
        public static partial void NoRoute(ILogger logger, int port, string host, string path);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Route {Route} answers 500: cluster {Cluster}: {Reason}")]
        public static partial void ClusterFailed(ILogger logger, string route, string cluster, string reason);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Route {Route} answers 503: cluster {Cluster} has no endpoints")]
        public static partial void NoEndpoints(ILogger logger, string route, string cluster);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Forwarding for route {Route} to cluster {Cluster} ended early on the client side: {Error}")]
        public static partial void ClientSideError(ILogger logger, ForwarderError error, string route, string cluster);
    }
}
