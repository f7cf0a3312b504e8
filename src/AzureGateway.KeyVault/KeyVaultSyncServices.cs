using Azure.Core;
using Azure.Identity;
using Azure.ResourceManager;
using AzureGateway.KeyVault.Reading;
using AzureGateway.KeyVault.Sync;
using AzureGateway.KeyVault.Writing;
using AzureGateway.KeyVault.Writing.Aks;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AzureGateway.KeyVault;

/// <summary>Registers <see cref="KeyVaultCertificateSync"/> as the <see cref="ICertificateSync"/> of an app.</summary>
public static class KeyVaultSyncServices
{
    /// <summary>
    /// Adds the sync and what it needs, each only when the app has not registered its own: the cluster named by
    /// <c>AKS_CLUSTER_RESOURCE_ID</c> (found through Azure Resource Manager, see <see cref="AksCluster"/>), else the
    /// kubeconfig (<c>KUBECONFIG</c>, <c>~/.kube/config</c>) or the in-cluster service account; Key Vault and
    /// Azure through <c>DefaultAzureCredential</c>, default retries, the system clock. Logging comes from the host.
    /// </summary>
    /// <remarks>
    /// Building the <see cref="IKubernetes"/> throws <see cref="ClusterConnectionException"/> when the AKS cluster
    /// cannot be used, and <see cref="k8s.Exceptions.KubeConfigException"/> when there is no kubeconfig.
    /// </remarks>
    public static IServiceCollection AddKeyVaultCertificateSync(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.TryAddSingleton<IKubernetes>(provider => new k8s.Kubernetes(ClusterConfiguration(provider)));
        services.TryAddSingleton<IBoundObjectStore>(provider => new KubernetesBoundObjects(provider.GetRequiredService<IKubernetes>()));
        services.TryAddSingleton(_ => KeyVaultCertificateReader.ForAzure());
        services.TryAddSingleton(new CertificateSyncOptions());
        services.TryAddSingleton<ICertificateSync, KeyVaultCertificateSync>();
        return services;
    }

    private static KubernetesClientConfiguration ClusterConfiguration(IServiceProvider provider) =>
        Environment.GetEnvironmentVariable(AksCluster.ResourceIdVariable) is { Length: > 0 } cluster
            ? AksCluster.Connect(cluster, provider.GetRequiredService<TokenCredential>(), new ArmClientOptions(), provider.GetRequiredService<TimeProvider>(), CancellationToken.None)
            : KubernetesClientConfiguration.BuildDefaultConfig();
}
