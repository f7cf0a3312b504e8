using System.Text;
using System.Text.Json.Nodes;
using AzureGateway.KeyVault.Bindings;
using AzureGateway.KeyVault.Reading;
using AzureGateway.KeyVault.Sync;
using AzureGateway.KeyVault.Tests.KeyVaultServer;
using AzureGateway.KeyVault.Writing;
using AzureGateway.Kubernetes.Tests.ApiServer;
using AzureGateway.Model;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Testing;

namespace AzureGateway.KeyVault.Tests;

/// <summary>
/// The sync wired as the functions app wires it, to in-test servers: the real <c>CertificateClient</c> against
/// <see cref="TestKeyVault"/> and the real <c>KubernetesClient</c> against <see cref="TestApiServer"/>.
/// </summary>
public sealed class SyncHarness : IAsyncDisposable
{
    private SyncHarness(TestKeyVault vault, TestApiServer api, Func<TestKeyVault, IReadOnlyList<Uri>>? vaults)
    {
        Vault = vault;
        Api = api;
        var retries = new CertificateSyncOptions { Attempts = 4, FirstRetryDelay = TimeSpan.FromMilliseconds(20) };
        var kubernetes = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = api.Url.ToString() }, ApiFailures);
        Sync = new KeyVaultCertificateSync(
            new KubernetesBoundObjects(kubernetes),
            vault.Reader(Credential, retries, new FakeLogger<KeyVaultCertificateReader>(Logs)),
            retries with { Vaults = vaults?.Invoke(vault) ?? [] },
            TimeProvider.System,
            new FakeLogger<KeyVaultCertificateSync>(Logs));
    }

    public TestKeyVault Vault { get; }
    public TestApiServer Api { get; }
    public StaticTokenCredential Credential { get; } = new();
    public FailingWrites ApiFailures { get; } = new();
    /// <summary>What the sync and its Key Vault clients logged.</summary>
    public FakeLogCollector Logs { get; } = new();
    public KeyVaultCertificateSync Sync { get; }

    /// <summary>A moment to count not-before times from; later versions get later times.</summary>
    public static DateTimeOffset Epoch { get; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A harness whose sync reads any vault, or only those <paramref name="vaults"/> names given the test vault.</summary>
    public static async Task<SyncHarness> StartAsync(Func<TestKeyVault, IReadOnlyList<Uri>>? vaults = null) =>
        new(await TestKeyVault.StartAsync(), await TestApiServer.StartAsync(), vaults);

    public void Secret(string name, string annotation, string value, string type = "kubernetes.io/tls") => Api.Apply(new V1Secret
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Type = type,
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "apps", Annotations = new Dictionary<string, string> { [annotation] = value } },
    });

    public void ConfigMap(string name, string annotation, string value) => Api.Apply(new V1ConfigMap
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "apps", Annotations = new Dictionary<string, string> { [annotation] = value } },
    });

    public JsonObject SecretObject(string name) => Api.Get("", "secrets", "apps", name)!;

    public JsonObject ConfigMapObject(string name) => Api.Get("", "configmaps", "apps", name)!;

    /// <summary>A Secret's data entry, decoded; null when absent.</summary>
    public string? SecretData(string name, string key) =>
        SecretObject(name)["data"]?[key]?.GetValue<string>() is { } value ? Encoding.UTF8.GetString(Convert.FromBase64String(value)) : null;

    public string? ConfigMapData(string name, string key) => ConfigMapObject(name)["data"]?[key]?.GetValue<string>();

    public static string? Annotation(JsonObject resource, string key) => resource["metadata"]?["annotations"]?[key]?.GetValue<string>();

    public static string ResourceVersion(JsonObject resource) => resource["metadata"]!["resourceVersion"]!.GetValue<string>();

    public static string WrittenVersion(JsonObject resource) => Annotation(resource, KeyVaultAnnotations.Version) ?? "";

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Vault.DisposeAsync();
    }
}
