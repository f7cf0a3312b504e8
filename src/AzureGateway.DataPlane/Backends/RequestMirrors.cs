using AzureGateway.DataPlane.Configuration;
using AzureGateway.IR;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// Sends copies of a request to mirror clusters. A copy is the request as the backend gets it (the same transformer
/// edits it), sent through the mirror cluster's own client (so with that cluster's backend TLS), in the background:
/// its answer is read to the end and dropped, and nothing about it delays or changes the client's answer. A failed
/// copy is one log line.
/// </summary>
internal sealed partial class RequestMirrors(TimeSpan timeout, TimeProvider time, ILogger logger)
{
    /// <summary>
    /// Starts the copies of <paramref name="mirrors"/> this request is sampled for. <paramref name="body"/> is the
    /// buffered body (empty when there is none); null when it could not be buffered, and then no copy is sent, since
    /// a copy without its body would be a different request.
    /// </summary>
    public async ValueTask StartAsync(HttpContext context, IReadOnlyList<MirrorIr> mirrors, HttpTransformer transformer,
        DataPlaneConfig config, ReadOnlyMemory<byte>? body, string route)
    {
        foreach (var mirror in mirrors)
        {
            if (mirror.Numerator <= 0 || Random.Shared.Next(Math.Max(mirror.Denominator, 1)) >= mirror.Numerator)
            {
                continue;
            }
            if (body is null)
            {
                Log.BodyNotBuffered(logger, route, mirror.Cluster);
                continue;
            }
            var cluster = config.Clusters.GetValueOrDefault(mirror.Cluster);
            var destination = cluster?.PickDestination();
            if (cluster?.Client is null || destination is null)
            {
                Log.MirrorFailed(logger, route, mirror.Cluster, cluster?.Failure ?? (cluster is null ? "the cluster is not defined" : "the cluster has no endpoint in rotation"));
                continue;
            }
            // In the HTTP version the mirror's cluster speaks, as its own requests are.
            var version = cluster.RequestConfig(upgrade: false);
            var copy = new HttpRequestMessage(new HttpMethod(context.Request.Method), (Uri?)null)
            {
                Version = version.Version!,
                VersionPolicy = version.VersionPolicy!.Value,
                Content = body.Value.IsEmpty ? null : new ReadOnlyMemoryContent(body.Value),
            };
            await transformer.TransformRequestAsync(context, copy, destination, CancellationToken.None);
            copy.RequestUri ??= RequestUtilities.MakeDestinationAddress(destination, context.Request.Path, context.Request.QueryString);
            if (!cluster.Client.TryAcquire())
            {
                copy.Dispose();
                continue;
            }
            _ = SendAsync(copy, cluster, route);
        }
    }

    private async Task SendAsync(HttpRequestMessage copy, BackendCluster cluster, string route)
    {
        // Off the request's path: the client's answer does not wait for the copy to be sent.
        await Task.Yield();
        try
        {
            using var timeoutSource = timeout > TimeSpan.Zero ? new CancellationTokenSource(timeout, time) : null;
            var cancellationToken = timeoutSource?.Token ?? CancellationToken.None;
            using var response = await cluster.Client!.Invoker.SendAsync(copy, cancellationToken);
            await response.Content.CopyToAsync(Stream.Null, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            var failure = BackendFailure.Describe(e);
            Log.MirrorFailed(logger, route, cluster.Name, $"{failure.Kind}: {failure.Reason}");
        }
        finally
        {
            copy.Dispose();
            cluster.Client!.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Route {Route}: the copy of a request to mirror cluster {Cluster} failed: {Reason}")]
        public static partial void MirrorFailed(ILogger logger, string route, string cluster, string reason);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Route {Route}: no copy to mirror cluster {Cluster}: the request body has no declared length or is above the buffering limit")]
        public static partial void BodyNotBuffered(ILogger logger, string route, string cluster);
    }
}
