using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// The log of failed backend requests: one line for the first failure of a kind at a route's cluster, then, while it
/// goes on, one line per <c>interval</c> counting the repeats. A backend outage, or a client sending requests to a
/// broken backend, costs a few lines per interval however many requests fail.
/// </summary>
/// <remarks>
/// The interval's summary comes from a timer rather than from the next failure, so the count of an outage's last
/// interval is written when the outage ends. A failure kind that did not recur for a whole interval is forgotten:
/// its next failure gets a line of its own again.
/// </remarks>
internal sealed partial class BackendFailureLog : IDisposable
{
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly Dictionary<(string Route, string Cluster, BackendFailureKind Kind), Repeats> _recent = [];
    private readonly Lock _lock = new();

    public BackendFailureLog(TimeSpan interval, TimeProvider time, ILogger<BackendFailureLog> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _interval = interval;
        _logger = logger;
        _timer = time.CreateTimer(_ => Summarise(), null, interval, interval);
    }

    public void Failed(string route, string cluster, string destination, BackendFailure failure)
    {
        lock (_lock)
        {
            if (_recent.TryGetValue((route, cluster, failure.Kind), out var repeats))
            {
                repeats.Count++;
                repeats.Destination = destination;
                repeats.Reason = failure.Reason;
                return;
            }
            _recent.Add((route, cluster, failure.Kind), new Repeats { Destination = destination, Reason = failure.Reason });
        }
        Log.Failed(_logger, cluster, destination, route, failure.Kind, failure.Reason);
    }

    /// <summary>Writes one line for each failure that recurred in the interval just ended; forgets those that did not.</summary>
    private void Summarise()
    {
        List<(string Route, string Cluster, BackendFailureKind Kind, string Destination, string Reason, int Count)> summaries = [];
        lock (_lock)
        {
            foreach (var (key, repeats) in _recent)
            {
                if (repeats.Count == 0)
                {
                    _recent.Remove(key);
                    continue;
                }
                summaries.Add((key.Route, key.Cluster, key.Kind, repeats.Destination, repeats.Reason, repeats.Count));
                repeats.Count = 0;
            }
        }
        foreach (var summary in summaries)
        {
            Log.Repeated(_logger, summary.Cluster, summary.Destination, summary.Route, summary.Kind, summary.Reason, summary.Count, _interval.TotalSeconds);
        }
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>The failures of one kind since the last line about them, and the latest one's details.</summary>
    private sealed class Repeats
    {
        public int Count { get; set; }
        public required string Destination { get; set; }
        public required string Reason { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Backend {Cluster} at {Destination} failed for route {Route}: {Kind}: {Reason}")]
        public static partial void Failed(ILogger logger, string cluster, string destination, string route, BackendFailureKind kind, string reason);

        [LoggerMessage(Level = LogLevel.Warning,
            Message = "Backend {Cluster} at {Destination} failed for route {Route}: {Kind}: {Reason} ({Count} more times in the last {Seconds} s)")]
        public static partial void Repeated(ILogger logger, string cluster, string destination, string route, BackendFailureKind kind, string reason,
            int count, double seconds);
    }
}
