using Azure.Core;
using Azure.Identity;
using AzureGateway.Cli.Hosting;
using AzureGateway.DataPlane;
using AzureGateway.KeyVault.Notifying;
using AzureGateway.Kubernetes.Leadership;
using AzureGateway.Kubernetes.Status;
using AzureGateway.Kubernetes.Watching;
using AzureGateway.Sources;
using AzureGateway.Translation;
using k8s;
using k8s.Exceptions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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

    /// <summary>The replica's name in the Lease (<c>POD_NAME</c>); null for the machine name.</summary>
    public string? PodName { get; init; }

    /// <summary>The namespace the Lease lives in (<c>POD_NAMESPACE</c>); null for the service account's, else the kubeconfig's.</summary>
    public string? PodNamespace { get; init; }
}

/// <summary>
/// The cluster as the source: every replica watches and serves, and the one that leads the Lease election writes
/// each translation's statuses back to the API server. The election, the status publisher and the binding notices
/// are hosted services of the gateway's host, beside the pipeline.
/// </summary>
public static class KubernetesMode
{
    private const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    /// <summary>
    /// Serves the cluster until cancelled, logging to <paramref name="loggerFactory"/>, with no settings from the
    /// environment; <paramref name="whileServing"/> as in <see cref="GatewayPipeline.ServeAsync"/>.
    /// </summary>
    public static Task<int> ServeAsync(
        KubernetesModeOptions options, DataPlaneOptions dataPlaneOptions, ILoggerFactory loggerFactory, TextWriter error,
        Func<GatewayDataPlane, CancellationToken, Task<int?>>? whileServing, CancellationToken cancellationToken)
    {
        var builder = GatewayHost.CreateBuilder(new ConfigurationManager(), new HostSettings { DataPlane = dataPlaneOptions });
        builder.Services.AddSingleton(loggerFactory);
        return ServeAsync(options, builder, whileServing, error, cancellationToken);
    }

    /// <summary>Adds Kubernetes mode's services to <paramref name="builder"/> and runs it (see <see cref="GatewayHost.RunAsync"/>).</summary>
    internal static async Task<int> ServeAsync(
        KubernetesModeOptions options, HostApplicationBuilder builder, Func<GatewayDataPlane, CancellationToken, Task<int?>>? whileServing,
        TextWriter error, CancellationToken cancellationToken)
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
        var services = builder.Services;
        services.AddSingleton<ISnapshotSource>(provider => new KubernetesSource(
            client, new KubernetesSourceOptions(), provider.GetRequiredService<ILogger<KubernetesSource>>()));
        services.AddSingleton(provider => new StatusLeadership(client, new LeadershipOptions
        {
            Namespace = OwnNamespace(options, configuration),
            Identity = options.PodName ?? Environment.MachineName,
        }, provider.GetRequiredService<ILogger<StatusLeadership>>()));
        services.AddSingleton(provider =>
        {
            var leadership = provider.GetRequiredService<StatusLeadership>();
            var writer = new StatusWriter(
                client, new StatusWriterOptions { AddressService = options.AddressService }, provider.GetRequiredService<ILogger<StatusWriter>>());
            var publisher = new StatusPublisher(writer, () => leadership.IsLeader);
            leadership.StartedLeading += publisher.Wake;
            return publisher;
        });
        services.AddSingleton(provider => new BindingNotices(options, provider.GetRequiredService<ILoggerFactory>()));
        // Not AddHostedService: it adds one service per implementation type, and both loops are BackgroundLoops.
        services.AddSingleton<IHostedService>(provider => new BackgroundLoop(provider.GetRequiredService<StatusLeadership>().RunAsync));
        services.AddSingleton<IHostedService>(provider => new BackgroundLoop(provider.GetRequiredService<StatusPublisher>().RunAsync));
        services.AddHostedService(provider => provider.GetRequiredService<BindingNotices>());
        services.AddSingleton(provider =>
        {
            var leadership = provider.GetRequiredService<StatusLeadership>();
            var publisher = provider.GetRequiredService<StatusPublisher>();
            var notices = provider.GetRequiredService<BindingNotices>();
            return new PipelineOptions
            {
                Translator = new TranslatorOptions { ControllerNames = options.ControllerNames },
                Received = snapshot => notices.Observe(snapshot, leadership.IsLeader),
                Translated = result => publisher.Publish(result.Statuses),
            };
        });
        return await GatewayHost.RunAsync(builder, whileServing, error, cancellationToken);
    }

    /// <summary>The Lease lives in the gateway's own namespace: POD_NAMESPACE, the service account's, or the kubeconfig's.</summary>
    private static string OwnNamespace(KubernetesModeOptions options, KubernetesClientConfiguration configuration) =>
        options.PodNamespace
        ?? (File.Exists(ServiceAccountNamespaceFile) ? File.ReadAllText(ServiceAccountNamespaceFile).Trim() : null)
        ?? configuration.Namespace
        ?? "default";
}
