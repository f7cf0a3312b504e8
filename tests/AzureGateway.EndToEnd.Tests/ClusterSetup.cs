using AzureGateway.KeyVault;
using AzureGateway.KeyVault.Tests.KeyVaultServer;
using AzureGateway.Kubernetes.Tests;
using AzureGateway.Kubernetes.Tests.ApiServer;
using AzureGateway.Sources.Files;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace AzureGateway.EndToEnd.Tests;

/// <summary>What the end-to-end scenarios put around the gateway: the cluster's objects and the functions app's sync.</summary>
internal static class ClusterSetup
{
    /// <summary>
    /// Applies multi-document YAML as <c>kubectl apply -f</c> would, each object first through <paramref name="edit"/>
    /// when given.
    /// </summary>
    public static void Apply(TestApiServer api, IEnumerable<string> yamlFiles, Action<IKubernetesObject<V1ObjectMeta>>? edit = null)
    {
        foreach (var yaml in yamlFiles)
        {
            var loaded = YamlDocumentLoader.Load("applied.yaml", yaml);
            Assert.Null(loaded.Error);
            foreach (var resource in loaded.Objects)
            {
                edit?.Invoke(resource);
                api.Apply(resource);
            }
        }
    }

    /// <summary>The functions app's sync as it registers it, with the cluster from the kubeconfig and Key Vault reached through the in-test vault.</summary>
    public static ServiceProvider KeyVaultSyncServices(KubeconfigFile kubeconfig, TestKeyVault vault)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IKubernetes>(new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig.Path)));
        services.AddSingleton(vault.Reader(new StaticTokenCredential()));
        services.AddKeyVaultCertificateSync();
        return services.BuildServiceProvider();
    }
}
