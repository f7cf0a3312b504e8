using System.Collections.Concurrent;
using System.Net;
using AzureGateway.IR;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// The health of one cluster's endpoints. Passive health is judged by the connections its <see cref="BackendConnector"/> opens: an
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
/// endpoint and is not counted. A threshold of 0 turns passive health off. Active probes (a HealthCheckPolicy, sent by
/// <see cref="HealthProbes"/>) report here too: an endpoint failing them is out of the rotation until they pass again,
/// whatever its connections say; it gets no trial connection, the probes decide. Endpoints start in the rotation. The
/// state belongs to the cluster's client, so it lives as long as the client does: across configurations that keep the
/// endpoint and the TLS settings, and no longer (new TLS settings may be the fix).
/// </remarks>
internal sealed partial class EndpointHealth(
    string cluster, int threshold, TimeSpan ejection, TimeProvider time, ILogger logger)
{
    private const long InRotation = 0;

    private readonly ConcurrentDictionary<string, EndpointState> _endpoints = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private Func<DnsEndPoint, CancellationToken, ValueTask<Stream>>? _connect;
    private int _ejected;
    private long _probeIntervalTicks;

    /// <summary>How many endpoints are out of the rotation now, for failed connections or failed probes, trials included.</summary>
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
        if (Volatile.Read(ref state.FailsProbes))
        {
            return false;
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
        // An endpoint out for its probes may be back at the next probe.
        var probes = _endpoints.Values.Any(state => Volatile.Read(ref state.FailsProbes))
            ? TimeSpan.FromTicks(Volatile.Read(ref _probeIntervalTicks))
            : TimeSpan.MaxValue;
        var soonest = _endpoints.Values.Select(state => Volatile.Read(ref state.EjectedUntil)).Where(until => until != InRotation)
            .Select(until => time.GetElapsedTime(now, until)).Append(probes).Min();
        return soonest == TimeSpan.MaxValue ? 1 : Math.Max(1, (int)Math.Ceiling(soonest.TotalSeconds));
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
                Change(state, () => Volatile.Write(ref state.EjectedUntil, InRotation));
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
            // Ejected again when the trial fails, or when a request that started before the ejection fails late.
            Change(state, () => Volatile.Write(ref state.EjectedUntil, time.GetTimestamp() + (long)(ejection.TotalSeconds * time.TimestampFrequency)));
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
        var current = new Dictionary<string, EndpointIr>(StringComparer.OrdinalIgnoreCase);
        foreach (var endpoint in endpoints)
        {
            current.TryAdd(Key(endpoint.Host, endpoint.Port), endpoint);
        }
        lock (_lock)
        {
            foreach (var key in _endpoints.Keys.Where(key => !current.ContainsKey(key)))
            {
                if (_endpoints.TryRemove(key, out var gone) && Out(gone))
                {
                    _ejected--;
                }
            }
            foreach (var (key, endpoint) in current)
            {
                _endpoints.TryAdd(key, new EndpointState { EndPoint = new DnsEndPoint(endpoint.Host.Trim('[', ']'), endpoint.Port) });
            }
        }
    }

    /// <summary>
    /// A health probe of the endpoint <paramref name="key"/> passed (<paramref name="failure"/> null) or failed, saying
    /// why: the probes' unhealthy threshold of failures in a row takes it out of the rotation, their healthy threshold of
    /// passes in a row brings it back.
    /// </summary>
    public void Probed(string key, string? failure, HealthCheckIr probes)
    {
        if (!_endpoints.TryGetValue(key, out var state))
        {
            return;
        }
        Volatile.Write(ref _probeIntervalTicks, probes.Interval.Ticks);
        bool? turned = null;
        bool allOut;
        lock (_lock)
        {
            if (failure is null)
            {
                state.ProbeFailures = 0;
                if (++state.ProbePasses >= probes.HealthyThreshold && state.FailsProbes)
                {
                    Change(state, () => Volatile.Write(ref state.FailsProbes, false));
                    turned = true;
                }
            }
            else
            {
                state.ProbePasses = 0;
                if (++state.ProbeFailures >= probes.UnhealthyThreshold && !state.FailsProbes)
                {
                    Change(state, () => Volatile.Write(ref state.FailsProbes, true));
                    turned = false;
                }
            }
            allOut = _ejected >= _endpoints.Count;
        }
        if (turned == false)
        {
            Log.ProbesFail(logger, cluster, key, probes.UnhealthyThreshold, probes.Source, failure!);
            if (allOut)
            {
                Log.AllEjected(logger, cluster);
            }
        }
        else if (turned == true)
        {
            Log.ProbesPass(logger, cluster, key, probes.Source);
        }
    }

    /// <summary>The probes of this cluster stopped: every endpoint they took out comes back, and their counts start afresh.</summary>
    public void ForgetProbes()
    {
        lock (_lock)
        {
            foreach (var state in _endpoints.Values)
            {
                state.ProbePasses = 0;
                state.ProbeFailures = 0;
                Change(state, () => Volatile.Write(ref state.FailsProbes, false));
            }
        }
    }

    private static bool Out(EndpointState state) => state.FailsProbes || state.EjectedUntil != InRotation;

    /// <summary>Applies a change to an endpoint's state, keeping the count of endpoints out of the rotation; under the lock.</summary>
    private void Change(EndpointState state, Action change)
    {
        var wasOut = Out(state);
        change();
        _ejected += (Out(state) ? 1 : 0) - (wasOut ? 1 : 0);
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

        /// <summary>Out of the rotation by its health probes; written under the health's lock.</summary>
        public bool FailsProbes;

        /// <summary>Health probes passed, and failed, in a row; changed under the health's lock.</summary>
        public int ProbePasses;
        public int ProbeFailures;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning,
            Message = "Backend {Cluster} endpoint {Endpoint} leaves the rotation for {Seconds} s after {Failures} failed connections in a row: {Kind}: {Reason}")]
        public static partial void Ejected(ILogger logger, string cluster, string endpoint, int failures, BackendFailureKind kind, string reason, double seconds);

        [LoggerMessage(Level = LogLevel.Warning,
            Message = "Backend {Cluster} has no endpoint in rotation: its requests are answered 503 until one is healthy again")]
        public static partial void AllEjected(ILogger logger, string cluster);

        [LoggerMessage(Level = LogLevel.Information, Message = "Backend {Cluster} endpoint {Endpoint} connects again and is back in the rotation")]
        public static partial void Reinstated(ILogger logger, string cluster, string endpoint);

        [LoggerMessage(Level = LogLevel.Warning,
            Message = "Backend {Cluster} endpoint {Endpoint} leaves the rotation after {Failures} failed health probes in a row ({Source}): {Reason}")]
        public static partial void ProbesFail(ILogger logger, string cluster, string endpoint, int failures, string source, string reason);

        [LoggerMessage(Level = LogLevel.Information, Message = "Backend {Cluster} endpoint {Endpoint} passes its health probes ({Source}) and is back in the rotation")]
        public static partial void ProbesPass(ILogger logger, string cluster, string endpoint, string source);
    }
}
