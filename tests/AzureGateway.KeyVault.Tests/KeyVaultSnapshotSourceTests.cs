using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using AzureGateway.Certificates;
using AzureGateway.KeyVault.Bindings;
using AzureGateway.KeyVault.Local;
using AzureGateway.KeyVault.Reading;
using AzureGateway.KeyVault.Sync;
using AzureGateway.KeyVault.Tests.KeyVaultServer;
using AzureGateway.Model;
using AzureGateway.Sources;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using static AzureGateway.KeyVault.Tests.SyncHarness;

namespace AzureGateway.KeyVault.Tests;

public sealed class KeyVaultSnapshotSourceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_folders_bindings_are_served_with_the_key_vault_certificates_and_a_new_version_is_picked_up()
    {
        await using var vault = await TestKeyVault.StartAsync();
        var (_, first) = vault.AddIssuedVersion("gateway-client", Epoch);
        var (_, ca) = vault.AddIssuedVersion("backend-ca", Epoch);
        var inner = new PushedSnapshots();
        var source = Source(vault, inner, TimeSpan.FromMilliseconds(100));
        await using var snapshots = source.WatchAsync(CancellationToken.None).GetAsyncEnumerator();

        inner.Push(new ResourceSnapshot
        {
            Secrets = [Secret("client", KeyVaultAnnotations.Certificate, vault.IdOf("gateway-client"))],
            ConfigMaps = [new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = Metadata("ca", KeyVaultAnnotations.CaCertificates, vault.IdOf("backend-ca")) }],
        });
        var served = await NextAsync(snapshots);

        Assert.Equal(PemExport.CertificateWithChain(first, vault.Issuer.Certificate), Encoding.UTF8.GetString(served.Secrets.Single().Data["tls.crt"]));
        Assert.Contains("PRIVATE KEY", Encoding.UTF8.GetString(served.Secrets.Single().Data["tls.key"]), StringComparison.Ordinal);
        Assert.Equal(PemExport.Certificate(ca), served.ConfigMaps.Single().Data["ca.crt"]);

        var (_, rotated) = vault.AddIssuedVersion("gateway-client", Epoch.AddDays(30));
        var refreshed = await NextAsync(snapshots);

        Assert.Equal(PemExport.CertificateWithChain(rotated, vault.Issuer.Certificate), Encoding.UTF8.GetString(refreshed.Secrets.Single().Data["tls.crt"]));
    }

    [Fact]
    public async Task A_folder_without_bindings_passes_through_without_asking_key_vault()
    {
        await using var vault = await TestKeyVault.StartAsync();
        var inner = new PushedSnapshots();
        var source = Source(vault, inner, TimeSpan.FromMilliseconds(50));
        await using var snapshots = source.WatchAsync(CancellationToken.None).GetAsyncEnumerator();
        var plain = new ResourceSnapshot { Secrets = [Secret("plain", "example.com/other", "value")] };

        inner.Push(plain);

        Assert.Same(plain, await NextAsync(snapshots));
        await Task.Delay(300); // several refresh periods: still nothing asked
        Assert.Equal(0, vault.Requests);
    }

    private static KeyVaultSnapshotSource Source(TestKeyVault vault, ISnapshotSource inner, TimeSpan refresh) => new(
        inner,
        vault.Reader(new StaticTokenCredential()),
        new CertificateSyncOptions { Attempts = 2, FirstRetryDelay = TimeSpan.FromMilliseconds(20) },
        TimeProvider.System,
        NullLoggerFactory.Instance)
    {
        RefreshInterval = refresh,
    };

    private static V1Secret Secret(string name, string annotation, string value) =>
        new() { ApiVersion = "v1", Kind = "Secret", Type = "kubernetes.io/tls", Metadata = Metadata(name, annotation, value) };

    private static V1ObjectMeta Metadata(string name, string annotation, string value) =>
        new() { Name = name, NamespaceProperty = "apps", Annotations = new Dictionary<string, string> { [annotation] = value } };

    private static async Task<ResourceSnapshot> NextAsync(IAsyncEnumerator<ResourceSnapshot> snapshots)
    {
        var next = snapshots.MoveNextAsync().AsTask();
        Assert.Same(next, await Task.WhenAny(next, Task.Delay(Timeout)));
        Assert.True(await next);
        return snapshots.Current;
    }

    /// <summary>A source whose snapshots the test pushes, as a folder's edits would publish them.</summary>
    private sealed class PushedSnapshots : ISnapshotSource
    {
        private readonly Channel<ResourceSnapshot> _snapshots = Channel.CreateUnbounded<ResourceSnapshot>();

        public void Push(ResourceSnapshot snapshot) => _snapshots.Writer.TryWrite(snapshot);

        public async IAsyncEnumerable<ResourceSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var snapshot in _snapshots.Reader.ReadAllAsync(cancellationToken))
            {
                yield return snapshot;
            }
        }
    }
}
