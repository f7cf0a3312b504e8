using AzureGateway.KeyVault.Reading;
using AzureGateway.KeyVault.Sync;
using AzureGateway.KeyVault.Writing;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AzureGateway.KeyVault;

/// <summary>Registers <see cref="KeyVaultCertificateSync"/> as the <see cref="ICertificateSync"/> of an app.</summary>
public static class KeyVaultSyncServices
{
    /// <summary>
    /// Adds the sync and what it needs, each only when the app has not registered its own: the cluster from the
    /// kubeconfig (<c>KUBECONFIG</c>, <c>~/.kube/config</c>) or the in-cluster service account, Key Vault through
    /// <c>DefaultAzureCredential</c>, default retries, the system clock. Logging comes from the host.
    /// </summary>
    public static IServiceCollection AddKeyVaultCertificateSync(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IKubernetes>(_ => new k8s.Kubernetes(KubernetesClientConfiguration.BuildDefaultConfig()));
        services.TryAddSingleton<IBoundObjectStore>(provider => new KubernetesBoundObjects(provider.GetRequiredService<IKubernetes>()));
        services.TryAddSingleton(_ => KeyVaultCertificateReader.ForAzure());
        services.TryAddSingleton(new CertificateSyncOptions());
        services.TryAddSingleton<ICertificateSync, KeyVaultCertificateSync>();
        return services;
    }
}
