using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AzureGateway.Certificates;
using AzureGateway.Cli.Demo;
using AzureGateway.DataPlane;
using AzureGateway.EchoBackend;
using AzureGateway.Functions.Tests;
using AzureGateway.KeyVault;
using AzureGateway.KeyVault.Bindings;
using AzureGateway.KeyVault.Notifying;
using AzureGateway.KeyVault.Tests.KeyVaultServer;
using AzureGateway.Kubernetes.Tests;
using AzureGateway.Kubernetes.Tests.ApiServer;
using AzureGateway.Model;
using Microsoft.Extensions.DependencyInjection;

namespace AzureGateway.EndToEnd.Tests;

/// <summary>
/// The whole rotation path, each part real and talking HTTP to the next: an Event Grid event delivered to the functions
/// app's webhook function (called as the isolated worker calls it); its Key Vault sync reading the new version through the Key Vault SDK from an in-test Key Vault and writing the
/// bound Secret through KubernetesClient to an in-test API server; the gateway in Kubernetes mode watching that API
/// server and presenting the Secret's certificate to an mTLS echo backend, while senders keep requests flowing.
/// </summary>
public sealed class KeyVaultRotationTests
{
    private const int Senders = 4;

    // Generous for a loaded machine: starting everything, and the rotation itself (the issue asks for 2 seconds).
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Rotation = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_new_version_event_posted_to_the_functions_app_puts_it_in_the_bound_secret_and_the_gateway_presents_it_to_the_backend_without_a_failed_request()
    {
        using var frontends = CertificateAuthority.Create("frontend CA");
        using var backends = CertificateAuthority.Create("backend CA");
        using var frontend = frontends.IssueServer([Scenario.Host]);
        using var backend = backends.IssueServer(["backend.com"]);
        await using var vault = await TestKeyVault.StartAsync();
        // Both versions from the client CA the backend trusts; only their subjects tell them apart.
        using var first = vault.Issuer.IssueClient("gateway-client-v1");
        using var second = vault.Issuer.IssueClient("gateway-client-v2");
        var firstVersion = vault.AddVersion(Scenario.CertificateName, first, Scenario.Epoch);
        await using var echo = await EchoServer.StartAsync(
            new EchoServerOptions { ServerCertificate = backend, TrustedClientCertificateAuthorities = [vault.Issuer.Certificate] },
            CancellationToken.None);
        await using var api = await TestApiServer.StartAsync();
        // The gateway's client certificate Secret bound to the vault's certificate, as a user binds it.
        var certificateId = vault.IdOf(Scenario.CertificateName);
        ClusterSetup.Apply(api,
            [ExampleManifests.WithBackendPort(ExampleManifests.Read(ExampleManifests.Agc), echo.Port), DemoFolder.Secrets(backends.Certificate, frontend, first)],
            resource =>
            {
                if (resource.Kind == "Secret" && resource.Metadata.Name == Scenario.ClientSecret)
                {
                    (resource.Metadata.Annotations ??= new Dictionary<string, string>())[KeyVaultAnnotations.Certificate] = certificateId;
                }
            });
        using var kubeconfig = new KubeconfigFile(api, "azgw-system", "azgw");
        await using var provider = ClusterSetup.KeyVaultSyncServices(kubeconfig, vault);
        await using var functions = FunctionsInProcess.Start(provider.GetRequiredService<ICertificateSync>(),
            settings: new Dictionary<string, string?> { ["ClusterChanged:AllowedClientId"] = Scenario.GatewayIdentity });
        // The gateway's notice of the new binding: the sync records the version the Secret holds.
        var filled = await functions.ClusterChangedAsync(
            JsonSerializer.Serialize(ClusterChange.Of([BoundObject.At(ObjectKind.Secret, Scenario.Namespace, Scenario.ClientSecret)]), ClusterChangeJson.Default.ClusterChange),
            caller: Scenario.GatewayIdentity);
        Assert.Equal(200, filled.StatusCode);
        Assert.Equal($"{Scenario.CertificateName}/{firstVersion}", WrittenVersion(api));

        await ServeAsync(kubeconfig, async dataPlane =>
        {
            var port = Assert.Contains(443, dataPlane.BoundPorts);
            await using var load = RequestLoad.Start(Senders, port, frontends.Certificate, Scenario.Host);
            await load.UntilAsync(sent => sent.All(s => s.Any(r => r.Subject == first.Subject)), Startup,
                $"every sender got an answer through the gateway with {first.Subject}");

            var secondVersion = vault.AddVersion(Scenario.CertificateName, second, Scenario.Epoch.AddDays(30));
            var response = await functions.WebhookAsync(KeyVaultEvents.Delivery(
                KeyVaultEvents.EventGridSchema(KeyVaultEvents.NewVersionCreated, NewVersionData(vault, secondVersion))));
            Assert.True(response.StatusCode == 200, $"{response.StatusCode}: {response.Body}");

            Assert.Equal($"{Scenario.CertificateName}/{secondVersion}", WrittenVersion(api));
            var written = PemCertificates.ReadBundle(Encoding.UTF8.GetString(Convert.FromBase64String(
                api.Get("", "secrets", Scenario.Namespace, Scenario.ClientSecret)!["data"]!["tls.crt"]!.GetValue<string>()))).Value!;
            Assert.Equal(second.Thumbprint, written[0].Thumbprint);

            await load.UntilAsync(sent => sent.Any(s => s.Any(r => r.Subject == second.Subject)), Rotation,
                $"the backend saw {second.Subject}");
            // From the first answer with the new certificate on, no request may start and still be sent with the old one.
            var rotated = load.Sent.SelectMany(s => s).Where(r => r.Subject == second.Subject).Min(r => r.Finished);
            await load.UntilAsync(sent => sent.All(s => s.Count(r => r.Started > rotated) >= 5), Rotation,
                "every sender sent five requests after the rotation");
            await load.StopAsync();

            Assert.Empty(load.Failed.Select(f => f.Failure));
            foreach (var sent in load.Sent)
            {
                Assert.All(sent.Where(r => r.Started > rotated), r => Assert.Equal(second.Subject, r.Subject));
            }
        });
    }

    /// <summary>The Key Vault version the sync recorded on the gateway's client certificate Secret.</summary>
    private static string? WrittenVersion(TestApiServer api) =>
        api.Get("", "secrets", Scenario.Namespace, Scenario.ClientSecret)?["metadata"]?["annotations"]?[KeyVaultAnnotations.Version]?.GetValue<string>();

    /// <summary>The event's data as Key Vault publishes it, for a version of the in-test vault.</summary>
    private static JsonObject NewVersionData(TestKeyVault vault, string version)
    {
        var data = KeyVaultEvents.CertificateData(Scenario.CertificateName, version);
        data["Id"] = vault.IdOf(Scenario.CertificateName, version);
        data["VaultName"] = vault.Url.Host;
        return data;
    }

    /// <summary>Runs Kubernetes mode for the AGC controller through the kubeconfig file (see <see cref="KubernetesModeRun"/>).</summary>
    private static Task ServeAsync(KubeconfigFile kubeconfig, Func<GatewayDataPlane, Task> whileServing) =>
        KubernetesModeRun.ServeAsync(kubeconfig.Path, new HashSet<string> { "alb.networking.azure.io/alb-controller" }, Startup + Startup,
            (dataPlane, _) => whileServing(dataPlane));
}
