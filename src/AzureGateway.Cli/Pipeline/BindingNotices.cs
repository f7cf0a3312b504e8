using Azure.Identity;
using AzureGateway.KeyVault.Notifying;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Cli.Pipeline;

/// <summary>
/// Kubernetes mode's notices to the Key Vault sync of new bindings (<see cref="SyncNotifier"/>) as a hosted service;
/// without <c>--sync-url</c> it says once that the sync's timer fills them instead, and observes nothing.
/// </summary>
internal sealed partial class BindingNotices : BackgroundService
{
    private readonly SyncNotifier? _notifier;
    private readonly HttpClient? _client;
    private readonly ILogger<BindingNotices> _logger;

    public BindingNotices(KubernetesModeOptions options, ILoggerFactory loggerFactory)
    {
        _logger = loggerFactory.CreateLogger<BindingNotices>();
        if (options.SyncNotifier is { } notifierOptions)
        {
            // The client exists only when notices are sent: the gateway makes no HTTP client it does not use.
            _client = new HttpClient();
            _notifier = new SyncNotifier(_client, options.SyncCredential ?? new DefaultAzureCredential(), notifierOptions, TimeProvider.System,
                loggerFactory.CreateLogger<SyncNotifier>());
        }
    }

    /// <summary>Hands a snapshot the source gave to the notifier (which tells of new bindings when this replica leads).</summary>
    public void Observe(Model.ResourceSnapshot snapshot, bool isLeader) => _notifier?.Observe(snapshot, isLeader);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_notifier is null)
        {
            Log.NoSyncNotifier(_logger);
            return Task.CompletedTask;
        }
        return _notifier.RunAsync(stoppingToken);
    }

    public override void Dispose()
    {
        _client?.Dispose();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "The Key Vault sync is not told of new bindings (no --sync-url): Secrets and ConfigMaps bound to Key Vault are filled by its reconcile timer")]
        public static partial void NoSyncNotifier(ILogger logger);
    }
}
