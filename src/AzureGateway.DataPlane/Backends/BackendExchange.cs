using System.Runtime.CompilerServices;
using AzureGateway.DataPlane.Frontend;
using AzureGateway.DataPlane.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// Forwards a request to its backend with YARP's <see cref="IHttpForwarder"/>, under the route's time limits and
/// retry policy. A try is bounded by passing a cancellation token to the forwarder, which the limits cancel; a limit
/// that ends the request before any byte of the answer was sent answers 504. A try is repeated only while nothing of
/// its answer has reached the client: an answer with a retryable status is held back by the route's transformer.
/// </summary>
internal sealed partial class BackendExchange(
    IHttpForwarder forwarder, TimeProvider time, BackendFailureLog failures, ClientFailureLog clientFailures, ILogger logger)
{
    /// <param name="arrived">When the request arrived (<see cref="TimeProvider.GetTimestamp"/>): the request limit counts from then.</param>
    /// <param name="replayable">Whether the request body can be sent again (none, or buffered in memory).</param>
    /// <param name="sticky">Whether <paramref name="destination"/> was chosen by session affinity, so every try goes there.</param>
    // Pooled: every forwarded request comes through here, and its state machine would otherwise be one more allocation.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ForwardAsync(HttpContext context, GatewayRoute route, RouteBackend backend, BackendCluster cluster,
        string destination, long arrived, bool replayable, bool sticky)
    {
        // An upgraded request (WebSocket) lives as long as both ends keep it open: no whole-request limit, no retry.
        var upgrade = IsUpgrade(context);
        var timeouts = upgrade ? default : route.Timeouts;
        var retry = upgrade || !replayable ? null : route.Retry;
        if (!timeouts.Any && retry is null)
        {
            IssueAffinity(context, route, cluster, destination, sticky);
            var outcome = await SendAsync(context, cluster, destination, upgrade, backend, CancellationToken.None);
            Report(context, outcome, route, cluster, destination);
            await AnswerGrpcAsync(context, outcome);
            return;
        }
        // Buffering the body took part of the request's time; a limit already spent cancels at once and answers 504.
        using var requestLimit = timeouts.Request > TimeSpan.Zero
            ? new CancellationTokenSource(Max(timeouts.Request - time.GetElapsedTime(arrived), TimeSpan.Zero), time)
            : null;
        var attempt = retry is null ? null : new ForwardingAttempt(retry);
        context.Features.Set(attempt);
        var tries = 1 + (retry?.Attempts ?? 0);
        for (var @try = 1; ; @try++)
        {
            if (attempt is not null)
            {
                attempt.IsLast = @try == tries;
                attempt.HeldBackStatus = null;
            }
            IssueAffinity(context, route, cluster, destination, sticky);
            using var tryLimit = timeouts.BackendRequest > TimeSpan.Zero ? new CancellationTokenSource(timeouts.BackendRequest, time) : null;
            using var linked = tryLimit is not null && requestLimit is not null
                ? CancellationTokenSource.CreateLinkedTokenSource(requestLimit.Token, tryLimit.Token)
                : null;
            var token = linked?.Token ?? tryLimit?.Token ?? requestLimit?.Token ?? CancellationToken.None;
            var error = await SendAsync(context, cluster, destination, upgrade, backend, token);

            var requestTimedOut = requestLimit?.IsCancellationRequested == true;
            var tryTimedOut = !requestTimedOut && tryLimit?.IsCancellationRequested == true;
            if (error == ForwarderError.None && attempt?.HeldBackStatus is null)
            {
                return;
            }
            if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
            {
                // Part of the answer is with the client (or the client is gone): nothing can be tried again.
                ReportTimeoutOrError(context, error, route, cluster, destination, requestTimedOut, tryTimedOut, timeouts);
                return;
            }
            var retryable = attempt is { IsLast: false } && !requestTimedOut && (attempt.HeldBackStatus is not null
                || (tryTimedOut && retry!.RetriesOn(StatusCodes.Status504GatewayTimeout))
                || (!tryTimedOut && error is ForwarderError.Request && NotConnected(context)));
            if (!retryable)
            {
                await AnswerFailureAsync(context, error, route, cluster, destination, requestTimedOut, tryTimedOut, timeouts);
                return;
            }
            Log.Retrying(logger, route.Name, cluster.Name, @try, attempt!.HeldBackStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? (tryTimedOut ? "timeout" : error.ToString()));
            // The held-back (or failed) try leaves a status and headers on the response that is still unsent.
            context.Response.Clear();
            context.Features.Set<IForwarderErrorFeature>(null);
            if (context.Request.Body.CanSeek)
            {
                context.Request.Body.Position = 0;
            }
            try
            {
                await Task.Delay(retry!.Backoff, time, requestLimit?.Token ?? context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                await AnswerFailureAsync(context, ForwarderError.RequestCanceled, route, cluster, destination,
                    requestLimit?.IsCancellationRequested == true, false, timeouts);
                return;
            }
            if (!sticky)
            {
                destination = cluster.PickDestination() ?? destination;
            }
        }
    }

    /// <summary>One try, in the HTTP version the cluster asks for (<see cref="BackendCluster.RequestConfig"/>).</summary>
    private ValueTask<ForwarderError> SendAsync(
        HttpContext context, BackendCluster cluster, string destination, bool upgrade, RouteBackend backend, CancellationToken token) =>
        forwarder.SendAsync(context, destination, cluster.Client!.Invoker, cluster.RequestConfig(upgrade), backend.Transformer, token);

    private async Task AnswerFailureAsync(HttpContext context, ForwarderError error, GatewayRoute route, BackendCluster cluster,
        string destination, bool requestTimedOut, bool tryTimedOut, RouteTimeouts timeouts)
    {
        ReportTimeoutOrError(context, error, route, cluster, destination, requestTimedOut, tryTimedOut, timeouts);
        if (requestTimedOut || tryTimedOut)
        {
            context.Response.Clear();
            await GatewayRequestHandler.RespondAsync(context, StatusCodes.Status504GatewayTimeout, "the backend did not answer in time");
        }
        else
        {
            // The forwarder has set the status for its error (502 for an unreachable backend), or the client is gone.
            await AnswerGrpcAsync(context, error);
        }
    }

    /// <summary>A gRPC client gets the forwarder's error status as the gRPC status it stands for (<see cref="GrpcAnswer"/>).</summary>
    private static Task AnswerGrpcAsync(HttpContext context, ForwarderError error)
    {
        if (error == ForwarderError.None || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested
            || context.Response.StatusCode < StatusCodes.Status400BadRequest || !GrpcAnswer.Wanted(context))
        {
            return Task.CompletedTask;
        }
        var status = context.Response.StatusCode;
        return GrpcAnswer.RespondAsync(context, status, status switch
        {
            StatusCodes.Status502BadGateway => "the gateway could not reach the backend",
            StatusCodes.Status504GatewayTimeout => "the backend did not answer in time",
            _ => "the gateway could not forward the request",
        });
    }

    private void ReportTimeoutOrError(HttpContext context, ForwarderError error, GatewayRoute route, BackendCluster cluster,
        string destination, bool requestTimedOut, bool tryTimedOut, RouteTimeouts timeouts)
    {
        if (requestTimedOut || tryTimedOut)
        {
            var (limit, seconds) = requestTimedOut ? ("request", timeouts.Request.TotalSeconds) : ("backend request", timeouts.BackendRequest.TotalSeconds);
            failures.Failed(route.Name, cluster.Name, destination,
                new BackendFailure(BackendFailureKind.Timeout, $"no answer within the {limit} timeout of {seconds} s"));
        }
        else
        {
            Report(context, error, route, cluster, destination);
        }
    }

    private void Report(HttpContext context, ForwarderError error, GatewayRoute route, BackendCluster cluster, string destination)
    {
        if (error == ForwarderError.None)
        {
            return;
        }
        var exception = context.GetForwarderErrorFeature()?.Exception;
        if (error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled
            or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyClient || exception is null
            || context.RequestAborted.IsCancellationRequested)
        {
            // The client went away or sent a broken body: not the backend's doing.
            if (BodyOverLimit(exception) is { } overLimit)
            {
                clientFailures.Failed(ClientFailureKind.RequestBodyTooLarge, "body_over_limit", $"route {route.Name}: {overLimit.Message}");
                return;
            }
            Log.ClientSideError(logger, error, route.Name, cluster.Name);
            return;
        }
        failures.Failed(route.Name, cluster.Name, destination, BackendFailure.Describe(exception));
    }

    /// <summary>Kestrel's refusal of a body without a declared length that grew past the limit (YARP answers it 413).</summary>
    private static BadHttpRequestException? BodyOverLimit(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } tooLarge)
            {
                return tooLarge;
            }
        }
        return null;
    }

    private static void IssueAffinity(HttpContext context, GatewayRoute route, BackendCluster cluster, string destination, bool sticky)
    {
        if (route.SessionAffinity is not null && !sticky)
        {
            route.SessionAffinity.Issue(context, cluster, destination);
        }
    }

    /// <summary>
    /// Whether the failed try never had a connection (refused, unreachable, TLS handshake failed): then nothing of the
    /// request reached the backend and trying again is safe whatever the method. A connection lost after the request
    /// was sent is not tried again, since the backend may have acted on it.
    /// </summary>
    private static bool NotConnected(HttpContext context)
    {
        for (var e = context.GetForwarderErrorFeature()?.Exception; e is not null; e = e.InnerException)
        {
            if (e is BackendConnectException)
            {
                return true;
            }
        }
        return false;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static bool IsUpgrade(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
        || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Route {Route}: try {Try} at cluster {Cluster} is tried again ({Outcome})")]
        public static partial void Retrying(ILogger logger, string route, string cluster, int @try, string outcome);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Forwarding for route {Route} to cluster {Cluster} ended early on the client side: {Error}")]
        public static partial void ClientSideError(ILogger logger, ForwarderError error, string route, string cluster);
    }
}
