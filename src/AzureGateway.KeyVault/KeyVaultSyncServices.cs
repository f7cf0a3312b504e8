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
using Microsoft.Extensions.Logging;

namespace AzureGateway.KeyVault;

/// <summary>Registers <see cref="KeyVaultCertificateSync"/> as the <see cref="ICertificateSync"/> of an app.</summary>
public static class KeyVaultSyncServices
{
    /// <summary>The app setting naming the vaults (URLs, separated by commas) certificates may be synced from; unset for any.</summary>
    public const string VaultsVariable = "KEY_VAULT_URI";

    /// <summary>
    /// Adds the sync and what it needs, each only when the app has not registered its own: the cluster named by
    /// <c>AKS_CLUSTER_RESOURCE_ID</c> (found through Azure Resource Manager, see <see cref="AksCluster"/>), else the
    /// kubeconfig (<c>KUBECONFIG</c>, <c>~/.kube/config</c>) or the in-cluster service account; the vaults
    /// <c>KEY_VAULT_URI</c> names, when set; Key Vault and Azure through <c>DefaultAzureCredential</c>, their clients
    /// retrying as <see cref="CertificateSyncOptions"/> says, the system clock. Logging comes from the host.
    /// </summary>
    /// <remarks>
    /// Building the <see cref="IKubernetes"/> throws <see cref="ClusterConnectionException"/> when the AKS cluster
    /// cannot be used, and <see cref="k8s.Exceptions.KubeConfigException"/> when there is no kubeconfig; building
    /// the <see cref="CertificateSyncOptions"/> throws <see cref="InvalidSettingException"/> for a
    /// <c>KEY_VAULT_URI</c> that names no vault.
    /// </remarks>
    public static IServiceCollection AddKeyVaultCertificateSync(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.TryAddSingleton<IKubernetes>(provider => new k8s.Kubernetes(ClusterConfiguration(provider)));
        services.TryAddSingleton<IBoundObjectStore>(provider => new KubernetesBoundObjects(provider.GetRequiredService<IKubernetes>()));
        services.TryAddSingleton(provider => KeyVaultCertificateReader.ForAzure(
            provider.GetRequiredService<CertificateSyncOptions>(), provider.GetService<ILogger<KeyVaultCertificateReader>>()));
        services.TryAddSingleton(_ => new CertificateSyncOptions { Vaults = Vaults(Environment.GetEnvironmentVariable(VaultsVariable)) });
        services.TryAddSingleton<ICertificateSync, KeyVaultCertificateSync>();
        return services;
    }

    /// <summary>The vaults a <see cref="VaultsVariable"/> value names; a value that is not one stops the app at start, since it would otherwise sync from anywhere.</summary>
    public static IReadOnlyList<Uri> Vaults(string? setting) =>
        (setting ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(vault => Uri.TryCreate(vault, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.AbsolutePath == "/"
                ? uri
                : throw new InvalidSettingException($"{VaultsVariable}: '{vault}' is not the https URL of a vault (https://<name>.vault.azure.net/)"))
            .ToList();

    /// <summary>Azure Resource Manager's client retries its own failures, as often and as patiently as the sync does the API server's.</summary>
    private static ArmClientOptions ArmOptions(CertificateSyncOptions sync)
    {
        var options = new ArmClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = sync.Attempts - 1;
        options.Retry.Delay = sync.FirstRetryDelay;
        return options;
    }

    private static KubernetesClientConfiguration ClusterConfiguration(IServiceProvider provider) =>
        Environment.GetEnvironmentVariable(AksCluster.ResourceIdVariable) is { Length: > 0 } cluster
            ? AksCluster.Connect(cluster, provider.GetRequiredService<TokenCredential>(), ArmOptions(provider.GetRequiredService<CertificateSyncOptions>()), provider.GetRequiredService<TimeProvider>(), CancellationToken.None)
            : KubernetesClientConfiguration.BuildDefaultConfig();
}
