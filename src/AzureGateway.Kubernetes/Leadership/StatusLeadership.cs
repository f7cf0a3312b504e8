using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Kubernetes.Leadership;

/// <summary>
/// Leader election on a coordination.k8s.io Lease, with KubernetesClient's LeaderElector. Every replica serves
/// traffic; only the leader writes status, so that replicas never write conflicting statuses.
/// </summary>
public sealed partial class StatusLeadership : IDisposable
{
    private readonly LeaderElector _elector;
    private readonly ILogger<StatusLeadership> _logger;

    public StatusLeadership(IKubernetes client, LeadershipOptions options, ILogger<StatusLeadership> logger)
    {
        _logger = logger;
        var leaseLock = new LeaseLock(client, options.Namespace, options.LeaseName, options.Identity);
        _elector = new LeaderElector(new LeaderElectionConfig(leaseLock)
        {
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        });
        _elector.OnStartedLeading += () =>
        {
            Log.Leading(_logger, options.Identity);
            StartedLeading?.Invoke();
        };
        _elector.OnStoppedLeading += () => Log.StoppedLeading(_logger, options.Identity);
        _elector.OnError += e => Log.ElectionFailed(_logger, e.Message);
    }

    /// <summary>Raised when this replica becomes the leader: it must write the statuses it holds now.</summary>
    public event Action? StartedLeading;

    public bool IsLeader => _elector.IsLeader();

    /// <summary>Takes part in the election until cancelled, trying again whenever leadership is lost.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _elector.RunAndTryToHoldLeadershipForeverAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping is how taking part ends
        }
    }

    public void Dispose() => _elector.Dispose();

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} leads: it writes status")]
        public static partial void Leading(ILogger logger, string identity);

        [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} no longer leads: it stops writing status")]
        public static partial void StoppedLeading(ILogger logger, string identity);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election: {Reason}")]
        public static partial void ElectionFailed(ILogger logger, string reason);
    }
}
