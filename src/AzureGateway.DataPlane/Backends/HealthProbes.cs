using System.Globalization;
using AzureGateway.DataPlane.Configuration;
using AzureGateway.IR;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// Sends the active health probes of the served configuration (AGC HealthCheckPolicy, <see cref="HealthCheckIr"/>): for
/// each cluster that has them, every interval, an HTTP GET to each of its endpoints, through the cluster's own connector
/// (so over TLS with the cluster's CA, SNI, names and client certificate, or in plain text when the probes do not use
/// TLS), and tells the cluster's <see cref="EndpointHealth"/> how it went. A probe still running when the next is due is
/// not doubled. <see cref="Follow"/> is called with each configuration served: probes of clusters that are gone or
/// changed stop, new ones start.
/// </summary>
internal sealed partial class HealthProbes(TimeProvider time, ILogger<HealthProbes> logger) : IAsyncDisposable
{
    private readonly Dictionary<string, ClusterProbes> _running = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Probes the clusters of <paramref name="config"/> from now on, and no others.</summary>
    public void Follow(DataPlaneConfig config)
    {
        List<ClusterProbes> stopped = [];
        lock (_lock)
        {
            foreach (var (name, probes) in _running)
            {
                if (config.Clusters.GetValueOrDefault(name) is not { } cluster || !probes.Serves(cluster))
                {
                    stopped.Add(probes);
                    _running.Remove(name);
                }
            }
        }
        // Stopped first: they forget what they found, and a client kept by the new configuration must not keep an
        // endpoint out for probes that no longer run (or that run with other settings and judge afresh).
        foreach (var probes in stopped)
        {
            probes.Dispose();
        }
        lock (_lock)
        {
            foreach (var cluster in config.Clusters.Values)
            {
                if (cluster is { Client: { } client, Ir.HealthCheck: { } probes } && !_running.ContainsKey(cluster.Name))
                {
                    _running[cluster.Name] = new ClusterProbes(cluster, client, probes, time, logger);
                }
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            foreach (var probes in _running.Values)
            {
                probes.Dispose();
            }
            _running.Clear();
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>The probes of one cluster: one timer, one HTTP client over the cluster's connector.</summary>
    private sealed class ClusterProbes : IDisposable
    {
        private readonly BackendCluster _cluster;
        private readonly HealthCheckIr _probes;
        private readonly HttpMessageInvoker _invoker;
        private readonly CancellationTokenSource _stopping = new();
        private readonly ITimer _timer;
        private readonly TimeProvider _time;
        private readonly ILogger _logger;
        private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);

        public ClusterProbes(BackendCluster cluster, BackendClient client, HealthCheckIr probes, TimeProvider time, ILogger logger)
        {
            _cluster = cluster;
            _probes = probes;
            _time = time;
            _logger = logger;
            var connector = probes.UseTls ? client.Connector : client.Connector.WithoutTls();
            _invoker = new BackendHttpClientFactory(connector, BackendPoolLimits.Probes, traced: false).CreateClient($"{cluster.Name} probes");
            _timer = time.CreateTimer(_ => ProbeAll(), null, TimeSpan.Zero, probes.Interval);
        }

        /// <summary>Whether these probes are still the ones <paramref name="cluster"/> wants: same client, endpoints and settings.</summary>
        public bool Serves(BackendCluster cluster) =>
            ReferenceEquals(cluster.Client, _cluster.Client) && cluster.Ir.HealthCheck == _probes && cluster.Ir.Endpoints == _cluster.Ir.Endpoints;

        private void ProbeAll()
        {
            foreach (var endpoint in _cluster.Ir.Endpoints)
            {
                var key = EndpointHealth.Key(endpoint.Host, endpoint.Port);
                lock (_inFlight)
                {
                    if (_stopping.IsCancellationRequested || !_inFlight.Add(key))
                    {
                        continue;
                    }
                }
                _ = ProbeAsync(endpoint, key);
            }
        }

        private async Task ProbeAsync(EndpointIr endpoint, string key)
        {
            try
            {
                var failure = await FailureAsync(endpoint);
                if (!_stopping.IsCancellationRequested)
                {
                    _cluster.Client!.Health.Probed(key, failure, _probes);
                }
            }
            finally
            {
                lock (_inFlight)
                {
                    _inFlight.Remove(key);
                }
            }
        }

        /// <summary>Null when the endpoint answered with a healthy status; else why not, in words for the log.</summary>
        private async Task<string?> FailureAsync(EndpointIr endpoint)
        {
            var port = _probes.Port ?? endpoint.Port;
            // In the cluster's HTTP version, as its requests: an HTTP/2-only backend refuses HTTP/1.1 (its ALPN offers no
            // http/1.1), and HTTP/2 over TLS needs the https scheme (see BackendCluster.Destinations).
            var version = _cluster.RequestConfig(upgrade: false);
            var scheme = _probes.UseTls && _cluster.Tls is not null && _cluster.Ir.Protocol != BackendProtocolIr.Http11 ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;
            var uri = new UriBuilder(scheme, endpoint.Host, port, _probes.Path).Uri;
            using var request = new HttpRequestMessage(HttpMethod.Get, uri) { Version = version.Version!, VersionPolicy = version.VersionPolicy!.Value };
            request.Headers.Host = _probes.Host;
            request.Headers.UserAgent.ParseAdd("AzureGateway-HealthProbe");
            using var timeout = new CancellationTokenSource(_probes.Timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
            try
            {
                using var response = await _invoker.SendAsync(request, linked.Token);
                var status = (int)response.StatusCode;
                return _probes.StatusCodes.Any(range => status >= range.Start && status <= range.End)
                    ? null
                    : $"GET {_probes.Path} answered {status.ToString(CultureInfo.InvariantCulture)}, outside {string.Join(", ", _probes.StatusCodes.Select(r => $"{r.Start}-{r.End}"))}";
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                // Stopped (its client disposed, or cancelled): the verdict is not reported.
                return null;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return $"GET {_probes.Path} got no answer within {_probes.Timeout.TotalSeconds:0.###} s";
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
            {
                return BackendFailure.Describe(e).Reason;
            }
        }

        public void Dispose()
        {
            lock (_inFlight)
            {
                _stopping.Cancel();
            }
            _timer.Dispose();
            _invoker.Dispose();
            _cluster.Client!.Health.ForgetProbes();
            Log.Stopped(_logger, _cluster.Name, _probes.Source);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Health probes of backend {Cluster} ({Source}) stop")]
        public static partial void Stopped(ILogger logger, string cluster, string source);
    }
}
