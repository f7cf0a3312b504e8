using AzureGateway.Certificates;
using AzureGateway.KeyVault.Bindings;
using AzureGateway.Model;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using static AzureGateway.KeyVault.Tests.SyncHarness;

namespace AzureGateway.KeyVault.Tests;

public sealed class KeyVaultSyncServicesTests
{
    [Fact]
    public async Task The_registered_sync_uses_the_apps_own_clients_and_writes_the_bound_secret()
    {
        await using var harness = await StartAsync();
        var vault = harness.Vault;
        var (_, certificate) = vault.AddIssuedVersion("gateway-client", Epoch);
        harness.Secret("client", KeyVaultAnnotations.Certificate, vault.IdOf("gateway-client"));
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IKubernetes>(new k8s.Kubernetes(new KubernetesClientConfiguration { Host = harness.Api.Url.ToString() }))
            .AddSingleton(vault.Reader(harness.Credential))
            .AddKeyVaultCertificateSync();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var sync = provider.GetRequiredService<ICertificateSync>();
        var report = await sync.ReconcileAsync(CancellationToken.None);

        Assert.IsType<KeyVaultCertificateSync>(sync);
        Assert.Equal(1, report.Updated);
        Assert.Equal(PemExport.CertificateWithChain(certificate, vault.Issuer.Certificate), harness.SecretData("client", "tls.crt"));
    }
}
