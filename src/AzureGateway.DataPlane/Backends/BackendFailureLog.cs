using AzureGateway.DataPlane.Logging;
using Microsoft.Extensions.Logging;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// The log of failed backend requests: one line for the first failure of a kind at a route's cluster, then, while it
/// goes on, one line per <c>interval</c> counting the repeats (<see cref="RepeatedEventLog{TKey, TDetail}"/>). A backend
/// outage, or a client sending requests to a broken backend, costs a few lines per interval however many requests fail.
/// </summary>
internal sealed partial class BackendFailureLog : IDisposable
{
    private readonly RepeatedEventLog<(string Route, string Cluster, BackendFailureKind Kind), (string Destination, string Reason)> _log;

    public BackendFailureLog(TimeSpan interval, TimeProvider time, ILogger<BackendFailureLog> logger) =>
        _log = new(interval, time,
            (key, detail) => Log.Failed(logger, key.Cluster, detail.Destination, key.Route, key.Kind, detail.Reason),
            (key, detail, count, period) => Log.Repeated(logger, key.Cluster, detail.Destination, key.Route, key.Kind, detail.Reason, count, period.TotalSeconds));

    public void Failed(string route, string cluster, string destination, BackendFailure failure) =>
        _log.Add((route, cluster, failure.Kind), (destination, failure.Reason));

    public void Dispose() => _log.Dispose();

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
