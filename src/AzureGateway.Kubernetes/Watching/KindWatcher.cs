using System.Net;
using System.Text;
using AzureGateway.Model.Validation;
using AzureGateway.Sources.Files;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace AzureGateway.Kubernetes.Watching;

/// <summary>
/// Lists one kind, then watches it from the list's resourceVersion. A dropped or closed watch resumes from the last
/// resourceVersion seen (after a jittered backoff when it failed); 410 Gone, as a status or as a watch ERROR event, lists
/// again. A kind whose CRD is not installed counts as empty and is listed again later.
/// </summary>
internal sealed partial class KindWatcher<T>(
    WatchedKind<T> kind, IKubernetes client, SnapshotState state, KubernetesSourceOptions options, TimeProvider time, ILogger logger)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private string? _resourceVersion;
    private bool _missingReported;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // A round that failed, or whose watch ended empty or with an error, is followed by a wait that grows with each
        // such round in a row; a round that ends well resets it. Jitter keeps replicas and kinds from coming back in step.
        var backoff = new ResiliencePipelineBuilder<bool> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<bool>
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.InitialBackoff,
                MaxDelay = options.MaxBackoff,
                ShouldHandle = retry => ValueTask.FromResult(retry.Outcome.Exception is { } e
                    ? !(e is OperationCanceledException && retry.Context.CancellationToken.IsCancellationRequested)
                    : !retry.Outcome.Result),
                OnRetry = retry =>
                {
                    if (retry.Outcome.Exception is { } e)
                    {
                        Log.WatchFailed(logger, kind.ToString(), e.Message);
                    }
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await backoff.ExecuteAsync(RoundAsync, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Lists when there is no resourceVersion to resume from, then watches until the server ends the watch. True when
    /// the next round may start at once: the watch ended in good order, or must list again (410 Gone), or the kind is
    /// not served and was waited for.
    /// </summary>
    private async ValueTask<bool> RoundAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_resourceVersion is null)
            {
                var (items, listedVersion) = await kind.ListAsync(client, cancellationToken).ConfigureAwait(false);
                state.Change(kind, store => store.ReplaceAll(items.Where(Holds)));
                state.MarkListed(kind);
                _resourceVersion = listedVersion;
                _missingReported = false;
            }
            var (lastVersion, events, streamError) = await WatchAsync(_resourceVersion, cancellationToken).ConfigureAwait(false);
            _resourceVersion = lastVersion;
            if (IsGone(streamError))
            {
                Log.Relisting(logger, kind.ToString());
                _resourceVersion = null;
                return true;
            }
            if (streamError is not null)
            {
                Log.WatchFailed(logger, kind.ToString(), streamError.Message);
            }
            // A watch the server ended in good order resumes at once; one that ended empty or with an error waits.
            return events > 0 && streamError is null;
        }
        catch (Exception e) when (IsGone(e))
        {
            Log.Relisting(logger, kind.ToString());
            _resourceVersion = null;
            return true;
        }
        catch (Exception e) when (_resourceVersion is null && WatchedKinds.IsNotFound(e))
        {
            if (!_missingReported)
            {
                Log.KindMissing(logger, kind.ToString(), options.MissingKindRetry);
                _missingReported = true;
            }
            state.Change(kind, store => store.ReplaceAll([]));
            state.MarkListed(kind);
            await Task.Delay(options.MissingKindRetry, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    /// <summary>One watch request, until the server closes it. Returns the last resourceVersion seen.</summary>
    private async Task<(string ResourceVersion, int Events, Exception? StreamError)> WatchAsync(
        string resourceVersion, CancellationToken cancellationToken)
    {
        Exception? streamError = null;
        var events = 0;
        void OnError(Exception e)
        {
            // An object that does not read is skipped (it is the user's to fix); anything else ends this watch.
            if (e is System.Text.Json.JsonException)
            {
                Log.ObjectUnreadable(logger, kind.ToString(), e.Message);
                return;
            }
            streamError ??= e;
        }
        await foreach (var (type, item) in kind.WatchAsync(client, resourceVersion, OnError, cancellationToken).ConfigureAwait(false))
        {
            events++;
            switch (type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    state.Change(kind, store => Holds(item) ? store.Upsert(item) : store.Remove(item));
                    break;
                case WatchEventType.Deleted:
                    state.Change(kind, store => store.Remove(item));
                    break;
            }
            if (item?.Metadata?.ResourceVersion is { Length: > 0 } seen)
            {
                resourceVersion = seen;
            }
        }
        return (resourceVersion, events, streamError);
    }

    /// <summary>
    /// Whether the object is worth holding, within the object size limit and allowed by its CRD's rules. The API
    /// server enforces those rules only with the CRDs of a recent enough release installed, and its size limit is
    /// etcd's, which a cluster may raise; an object over them is refused (an update that goes over them removes the
    /// object, as a folder source refuses the document) and the rest serves.
    /// </summary>
    private bool Holds(T item)
    {
        if (!kind.Keep(item))
        {
            return false;
        }
        var refusal = InputLimits.ObjectSizeRefusal($"{kind.Kind} {Name(item)}", Encoding.UTF8.GetByteCount(KubernetesJson.Serialize(item)))
            ?? SchemaLimits.Refusal(item);
        if (refusal is not null)
        {
            Log.Refused(logger, refusal);
            return false;
        }
        return true;
    }

    private static string? Name(T item) =>
        item.Metadata?.NamespaceProperty is { Length: > 0 } ns ? $"{ns}/{item.Metadata.Name}" : item.Metadata?.Name;

    private static bool IsGone(Exception? e) => e switch
    {
        KubernetesException { Status.Code: (int)HttpStatusCode.Gone } => true,
        HttpOperationException { Response.StatusCode: HttpStatusCode.Gone } => true,
        _ => false,
    };

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Kind}: the server no longer has our resourceVersion (410 Gone); listing again")]
        public static partial void Relisting(ILogger logger, string kind);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Watching {Kind} failed ({Reason}); resuming from the last resourceVersion seen")]
        public static partial void WatchFailed(ILogger logger, string kind, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Watching {Kind}: an object does not match its schema and is ignored ({Reason})")]
        public static partial void ObjectUnreadable(ILogger logger, string kind, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "{Refusal}")]
        public static partial void Refused(ILogger logger, string refusal);

        [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} is not served by the API server (CRD not installed?); treated as empty, listed again every {Retry}")]
        public static partial void KindMissing(ILogger logger, string kind, TimeSpan retry);
    }
}
