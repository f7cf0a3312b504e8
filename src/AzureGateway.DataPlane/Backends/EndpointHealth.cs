using System.Collections.Concurrent;
using System.Net;
using AzureGateway.IR;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// Passive health of one cluster's endpoints, judged by the connections its <see cref="BackendConnector"/> opens: an
/// endpoint that fails <c>threshold</c> new connections in a row (refused, timed out, TLS handshake failed) leaves the
/// rotation for <c>ejection</c>. When that time is up, the next request that would consider it starts one trial
/// connection in the background instead of sending itself there; the endpoint comes back when the trial connects and
/// stays out for another period when it does not. So after an endpoint is ejected no client request meets it until it
/// answers again, and a backend whose endpoints are all dead gets one connection attempt per endpoint per period, not
/// one per request.
/// </summary>
/// <remarks>
/// Only connecting is judged. An HTTP answer, whatever its status, shows the endpoint reachable: a 5xx is the
/// application's verdict on one request, usually shared by every endpoint of the backend, and ejecting on it could empty
/// a backend over one failing path. A connection the client gave up on (a cancelled connect) says nothing about the
/// endpoint and is not counted. A threshold of 0 turns passive health off. The state belongs to the cluster's client, so it lives as long as the client does:
/// across configurations that keep the endpoint and the TLS settings, and no longer (new TLS settings may be the fix).
/// </remarks>
internal sealed partial class EndpointHealth(
    string cluster, int threshold, TimeSpan ejection, TimeProvider time, ILogger logger)
{
    private const long InRotation = 0;

    private readonly ConcurrentDictionary<string, EndpointState> _endpoints = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private Func<DnsEndPoint, CancellationToken, ValueTask<Stream>>? _connect;
    private int _ejected;

    /// <summary>How many endpoints are out of the rotation now, trials included.</summary>
    public int Ejected => Volatile.Read(ref _ejected);

    /// <summary>The key an endpoint is known by, whether it is written as in a URI (<c>[::1]</c>) or not.</summary>
    public static string Key(string host, int port) => $"{host.Trim('[', ']')}:{port}";

    /// <summary>Sets how a trial connection is opened: by the connector this health belongs to, so with its TLS settings.</summary>
    public void TryAgainWith(Func<DnsEndPoint, CancellationToken, ValueTask<Stream>> connect) => _connect = connect;

    /// <summary>
    /// Whether the endpoint <paramref name="key"/> may be sent a request now. An endpoint whose ejection is over is not,
    /// but its trial connection is started (once) by the first caller that finds it so.
    /// </summary>
    public bool Serves(string key)
    {
        if (Volatile.Read(ref _ejected) == 0 || !_endpoints.TryGetValue(key, out var state))
        {
            return true;
        }
        var until = Volatile.Read(ref state.EjectedUntil);
        if (until == InRotation)
        {
            return true;
        }
        if (time.GetTimestamp() >= until && _connect is { } connect && Interlocked.CompareExchange(ref state.Trying, 1, 0) == 0)
        {
            _ = TryAgainAsync(state, connect);
        }
        return false;
    }

    /// <summary>How long until the first ejected endpoint is tried again, in whole seconds and at least one: for Retry-After.</summary>
    public int SecondsUntilRetry()
    {
        var now = time.GetTimestamp();
        var soonest = _endpoints.Values.Select(state => Volatile.Read(ref state.EjectedUntil)).Where(until => until != InRotation)
            .Select(until => time.GetElapsedTime(now, until)).DefaultIfEmpty(TimeSpan.Zero).Min();
        return Math.Max(1, (int)Math.Ceiling(soonest.TotalSeconds));
    }

    /// <summary>A connection to the endpoint was opened and, over TLS, answered: it is healthy.</summary>
    public void Succeeded(string host, int port)
    {
        var key = Key(host, port);
        if (!_endpoints.TryGetValue(key, out var state))
        {
            return;
        }
        bool reinstated;
        lock (_lock)
        {
            state.Failures = 0;
            reinstated = Volatile.Read(ref state.EjectedUntil) != InRotation;
            if (reinstated)
            {
                Volatile.Write(ref state.EjectedUntil, InRotation);
                _ejected--;
            }
        }
        if (reinstated)
        {
            Log.Reinstated(logger, cluster, key);
        }
    }

    /// <summary>A new connection to the endpoint failed for a reason of the endpoint's (not the client's).</summary>
    public void Failed(string host, int port, BackendFailure failure)
    {
        var key = Key(host, port);
        // An endpoint the cluster no longer has (a connection of an older configuration) is not judged.
        if (threshold == 0 || !_endpoints.TryGetValue(key, out var state))
        {
            return;
        }
        bool ejected, allOut;
        int failures;
        lock (_lock)
        {
            failures = ++state.Failures;
            if (failures < threshold)
            {
                return;
            }
            ejected = Volatile.Read(ref state.EjectedUntil) == InRotation;
            if (ejected)
            {
                _ejected++;
            }
            // Ejected again when the trial fails, or when a request that started before the ejection fails late.
            Volatile.Write(ref state.EjectedUntil, time.GetTimestamp() + (long)(ejection.TotalSeconds * time.TimestampFrequency));
            allOut = _ejected >= _endpoints.Count;
        }
        if (ejected)
        {
            Log.Ejected(logger, cluster, key, failures, failure.Kind, failure.Reason, ejection.TotalSeconds);
            if (allOut)
            {
                Log.AllEjected(logger, cluster);
            }
        }
    }

    /// <summary>
    /// Sets the endpoints the cluster has now: health is kept for those it still has and forgotten for the others, so an
    /// endpoint that leaves and comes back starts healthy.
    /// </summary>
    public void Track(IEnumerable<EndpointIr> endpoints)
    {
        var keys = endpoints.Select(endpoint => Key(endpoint.Host, endpoint.Port)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        lock (_lock)
        {
            foreach (var key in _endpoints.Keys.Where(key => !keys.Contains(key)))
            {
                if (_endpoints.TryRemove(key, out var gone) && gone.EjectedUntil != InRotation)
                {
                    _ejected--;
                }
            }
            foreach (var key in keys)
            {
                _endpoints.TryAdd(key, new EndpointState { EndPoint = EndPointOf(key) });
            }
        }
    }

    private static DnsEndPoint EndPointOf(string key)
    {
        var colon = key.LastIndexOf(':');
        return new DnsEndPoint(key[..colon], int.Parse(key.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task TryAgainAsync(EndpointState state, Func<DnsEndPoint, CancellationToken, ValueTask<Stream>> connect)
    {
        try
        {
            // The connector reports a failure itself (ejecting the endpoint for another period); a handshake that
            // completes is enough to bring it back: the trial sends no request, so it waits for no answer.
            await using var stream = await connect(state.EndPoint, CancellationToken.None);
            Succeeded(state.EndPoint.Host, state.EndPoint.Port);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            // Counted by the connector when it was the endpoint's doing; otherwise the next request starts another trial.
        }
        finally
        {
            Volatile.Write(ref state.Trying, 0);
        }
    }

    private sealed class EndpointState
    {
        public required DnsEndPoint EndPoint { get; init; }

        /// <summary>New connections failed in a row; changed under the health's lock.</summary>
        public int Failures;

        /// <summary>The timestamp the ejection ends at, or <see cref="InRotation"/>; written under the health's lock.</summary>
        public long EjectedUntil;

        /// <summary>1 while a trial connection is open.</summary>
        public int Trying;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning,
            Message = "Backend {Cluster} endpoint {Endpoint} leaves the rotation for {Seconds} s after {Failures} failed connections in a row: {Kind}: {Reason}")]
        public static partial void Ejected(ILogger logger, string cluster, string endpoint, int failures, BackendFailureKind kind, string reason, double seconds);

        [LoggerMessage(Level = LogLevel.Warning,
            Message = "Backend {Cluster} has no endpoint in rotation: its requests are answered 503 until one connects again")]
        public static partial void AllEjected(ILogger logger, string cluster);

        [LoggerMessage(Level = LogLevel.Information, Message = "Backend {Cluster} endpoint {Endpoint} connects again and is back in the rotation")]
        public static partial void Reinstated(ILogger logger, string cluster, string endpoint);
    }
}
