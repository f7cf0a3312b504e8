using AzureGateway.DataPlane.Backends;
using AzureGateway.DataPlane.Configuration;
using AzureGateway.DataPlane.Frontend;
using AzureGateway.DataPlane.Routing;
using AzureGateway.IR;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace AzureGateway.DataPlane;

/// <summary>
/// Serves one request: route it by the current configuration, answer it at the gateway when the route says so (a
/// failure, a CORS preflight, a redirect), else pick a backend by weight and forward with YARP's
/// <see cref="IHttpForwarder"/>.
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
internal sealed partial class GatewayRequestHandler(
    ActiveConfig active, BackendExchange exchange, RequestMirrors mirrors, ClientFailureLog clientFailures, DataPlaneOptions options,
    ILogger<GatewayRequestHandler> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var port = context.Features.GetRequiredFeature<GatewayPortFeature>().Port;
        var arrived = options.TimeProvider.GetTimestamp();
        if (ClientRequestChecks.Malformed(context.Request) is { } malformed)
        {
            Log.Malformed(logger, port, malformed);
            // The connection is closed: whatever the client meant by the rest of its bytes cannot be trusted.
            CloseAfterAnswer(context);
            await RespondAsync(context, StatusCodes.Status400BadRequest, malformed);
            return;
        }
        // Kestrel would refuse the body only once it is read, when the backend already has the request's headers.
        if (context.Request.ContentLength > context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize)
        {
            clientFailures.Failed(ClientFailureKind.RequestBodyTooLarge, "declared_length",
                $"port {port}: the request declares a body of {context.Request.ContentLength.Value} bytes");
            CloseAfterAnswer(context);
            await RespondAsync(context, StatusCodes.Status413PayloadTooLarge, "the request body is larger than this gateway accepts");
            return;
        }
        ClientRequestChecks.RemoveConnectionOptions(context.Request.Headers);
        var clientCertificate = context.Features.Get<ClientCertificateVerification>();
        ClientCertificateHeaders.Apply(context.Request.Headers, clientCertificate);
        while (true)
        {
            var config = active.Current;
            var portConfig = config.Ports.GetValueOrDefault(port);
            var serverName = context.Features.Get<ITlsHandshakeFeature>()?.HostName;
            if (portConfig?.MisdirectedTo(serverName, context.Request.Host.Host, clientCertificate) is { } listener)
            {
                Log.Misdirected(logger, port, string.IsNullOrEmpty(serverName) ? "(none)" : serverName, context.Request.Host.Host, listener);
                await RespondAsync(context, StatusCodes.Status421MisdirectedRequest,
                    "this host is served by another listener than the TLS server name chose; open a new connection for it");
                return;
            }
            var route = portConfig?.RouteFor(context.Request);
            GrpcAnswer.ForRoute(context, route?.Ir.Protocol == RouteProtocolIr.Grpc);
            if (route is null)
            {
                Log.NoRoute(logger, port, context.Request.Host.Value ?? "", context.Request.Path.Value ?? "");
                await RespondAsync(context, StatusCodes.Status404NotFound, "no route matches this request");
                return;
            }
            if (route.Failure is not null)
            {
                CountByRoute(context, route);
                Log.RouteFailed(logger, route.Name, route.Failure);
                await RespondAsync(context, StatusCodes.Status500InternalServerError, "this route cannot serve");
                return;
            }
            if (route.Cors?.TryAnswerPreflight(context) == true)
            {
                CountByRoute(context, route);
                return;
            }
            if (route.Redirect is not null)
            {
                CountByRoute(context, route);
                await route.Redirect.RespondAsync(context, port);
                return;
            }
            var sticky = route.SessionAffinity?.Sticky(context.Request, route.Backends, config.Clusters);
            var backend = sticky?.Backend ?? route.Backends.Pick();
            var cluster = backend is null ? null : config.Clusters.GetValueOrDefault(backend.Cluster);
            if (cluster?.Client is null)
            {
                CountByRoute(context, route);
                Log.ClusterFailed(logger, route.Name, backend?.Cluster ?? "(none)", cluster?.Failure
                    ?? (backend is null ? "the route has no backend with a positive weight" : $"cluster {backend.Cluster} is not defined"));
                await RespondAsync(context, StatusCodes.Status500InternalServerError, "the backend of this route is not usable");
                return;
            }
            var destination = sticky?.Destination ?? cluster.PickDestination();
            if (destination is null && cluster.Destinations.Count > 0
                && route.Backends.PickAmong(b => config.Clusters.GetValueOrDefault(b.Cluster) is { Serving: true }) is { } healthy
                && config.Clusters[healthy.Cluster] is { Client: not null } serving)
            {
                // No endpoint of the picked backend is in rotation: its share goes to the route's backends that have one.
                backend = healthy;
                cluster = serving;
                destination = cluster.PickDestination();
            }
            if (destination is null)
            {
                CountByRoute(context, route);
                if (cluster.Destinations.Count == 0)
                {
                    Log.NoEndpoints(logger, route.Name, cluster.Name);
                    await RespondAsync(context, StatusCodes.Status503ServiceUnavailable, "the backend of this route has no endpoints");
                    return;
                }
                // Every endpoint of every backend of the route failed to connect, or failed its probes, lately: the client
                // is told when one will be tried again.
                var retryAfter = cluster.Client.Health.SecondsUntilRetry();
                Log.NoEndpointInRotation(logger, route.Name, cluster.Name, retryAfter);
                context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await RespondAsync(context, StatusCodes.Status503ServiceUnavailable, "no endpoint of the backend of this route is answering");
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
                ReadOnlyMemory<byte>? body = null;
                if (route.Retry is not null || backend!.Mirrors.Count > 0)
                {
                    try
                    {
                        body = await RequestBodyBuffer.ReadAsync(context, options.MaxBufferedRequestBodyBytes);
                    }
                    catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException)
                    {
                        // The client went away or sent less than it declared: nothing is forwarded.
                        Log.ClientBodyFailed(logger, route.Name, e.Message);
                        return;
                    }
                }
                if (backend!.Mirrors.Count > 0)
                {
                    await mirrors.StartAsync(context, backend.Mirrors, backend.Transformer, config, body, route.Name);
                }
                await exchange.ForwardAsync(context, route, backend, cluster, destination, arrived, replayable: body is not null, sticky: sticky is not null);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException && context.RequestAborted.IsCancellationRequested)
            {
                // The client went away while the gateway was still answering it (a 504 or a mirror's start): nobody to tell.
                Log.ClientGone(logger, route.Name, e.Message);
            }
            finally
            {
                cluster.Client.Release();
            }
            return;
        }
    }

    /// <summary>
    /// Closes an HTTP/1.x connection after the answer. HTTP/2 has no such header (Kestrel would drop it with a warning
    /// per request) and its other streams are not the refused request's doing.
    /// </summary>
    private static void CloseAfterAnswer(HttpContext context)
    {
        if (!HttpProtocol.IsHttp2(context.Request.Protocol) && !HttpProtocol.IsHttp3(context.Request.Protocol))
        {
            context.Response.Headers.Connection = "close";
        }
    }

    /// <summary>
    /// An answer of the gateway's own, with a one-line reason for a person; for a gRPC request, the gRPC status it stands
    /// for (<see cref="GrpcAnswer"/>).
    /// </summary>
    internal static Task RespondAsync(HttpContext context, int status, string message)
    {
        if (GrpcAnswer.Wanted(context))
        {
            return GrpcAnswer.RespondAsync(context, status, message);
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }

    /// <summary>
    /// ASP.NET Core's request metric (<c>http.server.request.duration</c>) counts the request under the route that
    /// served it. Called once per request, when the route is final; the feature exists only while something listens.
    /// </summary>
    private static void CountByRoute(HttpContext context, GatewayRoute route) =>
        context.Features.Get<IHttpMetricsTagsFeature>()?.Tags.Add(new KeyValuePair<string, object?>("http.route", route.Name));

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Port {Port}: 400, {Reason}")]
        public static partial void Malformed(ILogger logger, int port, string reason);

        [LoggerMessage(Level = LogLevel.Debug,
            Message = "Port {Port}: 421 for host {Host} of listener {Listener} on a connection that listener did not accept (server name {ServerName})")]
        public static partial void Misdirected(ILogger logger, int port, string serverName, string host, string listener);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Route {Route}: the client went away before its answer was written: {Reason}")]
        public static partial void ClientGone(ILogger logger, string route, string reason);

        [LoggerMessage(Level = LogLevel.Debug, Message = "No route on port {Port} for host {Host} path {Path}")]
        public static partial void NoRoute(ILogger logger, int port, string host, string path);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Route {Route} answers 500: {Reason}")]
        public static partial void RouteFailed(ILogger logger, string route, string reason);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Route {Route} answers 500: cluster {Cluster}: {Reason}")]
        public static partial void ClusterFailed(ILogger logger, string route, string cluster, string reason);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Route {Route} answers 503: cluster {Cluster} has no endpoints")]
        public static partial void NoEndpoints(ILogger logger, string route, string cluster);

        [LoggerMessage(Level = LogLevel.Debug,
            Message = "Route {Route} answers 503: no endpoint of cluster {Cluster} is in rotation; the first is tried again in {Seconds} s")]
        public static partial void NoEndpointInRotation(ILogger logger, string route, string cluster, int seconds);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Route {Route}: the request body could not be read: {Reason}")]
        public static partial void ClientBodyFailed(ILogger logger, string route, string reason);
    }
}
