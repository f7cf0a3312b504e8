using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Threading.Channels;
using Azure.Core;
using Azure.Identity;
using AzureGateway.KeyVault.Bindings;
using AzureGateway.Model;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace AzureGateway.KeyVault.Notifying;

/// <summary>
/// Tells the functions app which bound Secrets and ConfigMaps need filling now, so a new binding is not left waiting
/// for the 15-minute reconcile. Only the replica writing status sends (every replica sees the same changes). Changes
/// are coalesced, sent with an Entra token of the gateway's own identity (never a shared key), and retried with
/// jittered backoff; a notice that still fails is logged and left to the reconcile timer, which repairs it.
/// </summary>
public sealed partial class SyncNotifier
{
    private readonly HttpClient _http;
    private readonly TokenCredential _credential;
    private readonly SyncNotifierOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SyncNotifier> _logger;
    private readonly ResiliencePipeline _retry;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _lock = new();
    private readonly SortedSet<BoundObject> _pending = new(Comparer<BoundObject>.Create(
        (a, b) => (a.Namespace, a.Name, a.Kind).CompareTo((b.Namespace, b.Name, b.Kind))));
    private ResourceSnapshot? _last;
    private bool _ledBefore;

    public SyncNotifier(HttpClient http, TokenCredential credential, SyncNotifierOptions options, TimeProvider time, ILogger<SyncNotifier> logger)
    {
        _http = http;
        _credential = credential;
        _options = options;
        _time = time;
        _logger = logger;
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddJitteredRetry(options.Attempts, options.FirstRetryDelay,
                e => e is HttpRequestException http ? Transient(http) : e is TimeoutRejectedException,
                (_, e, delay) => Log.Retrying(_logger, e?.Message ?? "no answer", delay))
            .AddTimeout(options.RequestTimeout)
            .Build();
    }

    /// <summary>
    /// Takes a new snapshot of the cluster; when <paramref name="leading"/>, its binding changes are sent. The first
    /// snapshot seen leading is compared with nothing, so every object not yet filled is named: the previous leader
    /// may have stopped before it sent what it saw.
    /// </summary>
    public void Observe(ResourceSnapshot snapshot, bool leading)
    {
        IReadOnlyList<BoundObject> changed;
        lock (_lock)
        {
            changed = BindingChanges.Between(_ledBefore ? _last : null, snapshot);
            _last = snapshot;
            _ledBefore = leading;
            if (!leading || changed.Count == 0)
            {
                return;
            }
            _pending.UnionWith(changed);
        }
        _wake.Writer.TryWrite(true);
    }

    /// <summary>Sends pending notices until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _wake.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _wake.Reader.TryRead(out _);
                await Task.Delay(_options.CoalesceDelay, _time, cancellationToken).ConfigureAwait(false);
                BoundObject[] objects;
                lock (_lock)
                {
                    objects = [.. _pending];
                    _pending.Clear();
                }
                foreach (var chunk in objects.Chunk(ClusterChange.MaxObjects))
                {
                    await SendAsync(chunk, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is how sending ends.
        }
    }

    private async Task SendAsync(BoundObject[] objects, CancellationToken cancellationToken)
    {
        var names = string.Join(", ", objects.Select(o => o.ToString()));
        try
        {
            await _retry.ExecuteAsync(async ct =>
            {
                var token = await _credential.GetTokenAsync(new TokenRequestContext([$"{_options.Audience}/.default"]), ct).ConfigureAwait(false);
                using var request = new HttpRequestMessage(HttpMethod.Post, _options.Endpoint)
                {
                    Content = JsonContent.Create(ClusterChange.Of(objects), ClusterChangeJson.Default.ClusterChange),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
                using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"the functions app answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
                }
            }, cancellationToken).ConfigureAwait(false);
            Log.Sent(_logger, objects.Length, names);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or AuthenticationFailedException or CredentialUnavailableException)
        {
            Log.NotSent(_logger, names, e.Message);
        }
    }

    /// <summary>A refusal (401, 403, 404) will not change by asking again; a connection failure or an overloaded app may.</summary>
    private static bool Transient(HttpRequestException e) => e.StatusCode is null
        or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Told the Key Vault sync of {Count} changed binding(s): {Objects}")]
        public static partial void Sent(ILogger logger, int count, string objects);

        [LoggerMessage(2, LogLevel.Warning, "Could not tell the Key Vault sync of changed bindings ({Objects}): {Reason}; its reconcile timer will fill them")]
        public static partial void NotSent(ILogger logger, string objects, string reason);

        [LoggerMessage(3, LogLevel.Debug, "Telling the Key Vault sync of changed bindings failed ({Reason}); trying again in {Delay}")]
        public static partial void Retrying(ILogger logger, string reason, TimeSpan delay);
    }
}
