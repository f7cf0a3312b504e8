using Azure.Core;
using Azure.Identity;
using AzureGateway.DataPlane;
using AzureGateway.KeyVault.Notifying;
using AzureGateway.Kubernetes.Leadership;
using AzureGateway.Kubernetes.Status;
using AzureGateway.Kubernetes.Watching;
using AzureGateway.Translation;
using k8s;
using k8s.Exceptions;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Cli.Pipeline;

/// <summary>What <c>azgw run --kubernetes</c> was asked for.</summary>
public sealed record KubernetesModeOptions
{
    /// <summary>A kubeconfig file; null uses the in-cluster configuration (the pod's service account).</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>The GatewayClass controller names served.</summary>
    public required IReadOnlySet<string> ControllerNames { get; init; }

    public (string Namespace, string Name)? AddressService { get; init; }

    /// <summary>Where to tell the Key Vault sync of new bindings; null leaves them to its reconcile timer.</summary>
    public SyncNotifierOptions? SyncNotifier { get; init; }

    /// <summary>The identity the notices are sent with; null for <see cref="DefaultAzureCredential"/> (the pod's workload identity).</summary>
    public TokenCredential? SyncCredential { get; init; }
}

/// <summary>
/// The cluster as the source: every replica watches and serves, and the one that leads the Lease election writes
/// each translation's statuses back to the API server.
/// </summary>
public static partial class KubernetesMode
{
    private const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    public static async Task<int> ServeAsync(
        KubernetesModeOptions options, DataPlaneOptions dataPlaneOptions, ILoggerFactory loggerFactory, TextWriter error,
        Func<GatewayDataPlane, CancellationToken, Task<int?>>? whileServing, CancellationToken cancellationToken,
        Action<string?>? readiness = null)
    {
        KubernetesClientConfiguration configuration;
        try
        {
            configuration = options.Kubeconfig is null
                ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException)
        {
            var where = options.Kubeconfig ?? "in-cluster configuration (not running in a pod? use --kubeconfig)";
            error.WriteLine($"azgw: {where}: {e.Message}");
            return ExitCodes.Unreadable;
        }
        using var client = new k8s.Kubernetes(configuration);
        var source = new KubernetesSource(client, new KubernetesSourceOptions(), loggerFactory.CreateLogger<KubernetesSource>());
        var writer = new StatusWriter(
            client, new StatusWriterOptions { AddressService = options.AddressService }, loggerFactory.CreateLogger<StatusWriter>());
        using var leadership = new StatusLeadership(client, new LeadershipOptions
        {
            Namespace = OwnNamespace(configuration),
            Identity = Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName,
        }, loggerFactory.CreateLogger<StatusLeadership>());
        var publisher = new StatusPublisher(writer, () => leadership.IsLeader);
        leadership.StartedLeading += publisher.Wake;
        using var notifierClient = options.SyncNotifier is null ? null : new HttpClient();
        var notifier = options.SyncNotifier is { } notifierOptions
            ? new SyncNotifier(notifierClient!, options.SyncCredential ?? new DefaultAzureCredential(), notifierOptions, TimeProvider.System, loggerFactory.CreateLogger<SyncNotifier>())
            : null;
        if (notifier is null)
        {
            Log.NoSyncNotifier(loggerFactory.CreateLogger(typeof(KubernetesMode)));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var election = leadership.RunAsync(stop.Token);
        var publishing = publisher.RunAsync(stop.Token);
        var notifying = notifier?.RunAsync(stop.Token) ?? Task.CompletedTask;
        try
        {
            return await GatewayPipeline.ServeAsync(source, dataPlaneOptions, loggerFactory, cancellationToken, whileServing, new PipelineOptions
            {
                Translator = new TranslatorOptions { ControllerNames = options.ControllerNames },
                Received = snapshot => notifier?.Observe(snapshot, leadership.IsLeader),
                Translated = result => publisher.Publish(result.Statuses),
                Readiness = readiness,
            });
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(election, publishing, notifying);
        }
    }

    /// <summary>The Lease lives in the gateway's own namespace: POD_NAMESPACE, the service account's, or the kubeconfig's.</summary>
    private static string OwnNamespace(KubernetesClientConfiguration configuration) =>
        Environment.GetEnvironmentVariable("POD_NAMESPACE")
        ?? (File.Exists(ServiceAccountNamespaceFile) ? File.ReadAllText(ServiceAccountNamespaceFile).Trim() : null)
        ?? configuration.Namespace
        ?? "default";

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "The Key Vault sync is not told of new bindings (no --sync-url): Secrets and ConfigMaps bound to Key Vault are filled by its reconcile timer")]
        public static partial void NoSyncNotifier(ILogger logger);
    }
}
