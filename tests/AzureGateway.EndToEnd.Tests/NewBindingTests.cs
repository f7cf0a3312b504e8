using System.Diagnostics;
using AzureGateway.Certificates;
using AzureGateway.Cli.Demo;
using AzureGateway.EchoBackend;
using AzureGateway.Functions.Tests;
using AzureGateway.KeyVault;
using AzureGateway.KeyVault.Notifying;
using AzureGateway.Model;
using AzureGateway.KeyVault.Tests.KeyVaultServer;
using AzureGateway.Kubernetes.Tests;
using AzureGateway.Kubernetes.Tests.ApiServer;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AzureGateway.EndToEnd.Tests;

/// <summary>
/// A Secret bound to a Key Vault certificate after the gateway started: the gateway in Kubernetes mode sees it, sends
/// its notice with an Entra token to the functions app's cluster-changed function (behind a stand-in for App Service
/// authentication, which cannot run here), the function's sync fills the Secret from the in-test Key Vault through the
/// in-test API server, and the gateway presents the new certificate to the mTLS backend. The functions app's timer
/// does not run here, so only the notice can fill the Secret.
/// </summary>
public sealed class NewBindingTests
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    /// <summary>The issue's target: from the Secret's creation to the first request answered with its certificate.</summary>
    private static readonly TimeSpan Filled = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_secret_bound_after_start_is_filled_through_the_gateway_s_notice_and_served_within_10_seconds()
    {
        using var frontends = CertificateAuthority.Create("frontend CA");
        using var backends = CertificateAuthority.Create("backend CA");
        using var frontend = frontends.IssueServer([Scenario.Host]);
        using var backend = backends.IssueServer(["backend.com"]);
        await using var vault = await TestKeyVault.StartAsync();
        using var client = vault.Issuer.IssueClient("gateway-client-v1");
        vault.AddVersion(Scenario.CertificateName, client, Scenario.Epoch);
        await using var echo = await EchoServer.StartAsync(
            new EchoServerOptions { ServerCertificate = backend, TrustedClientCertificateAuthorities = [vault.Issuer.Certificate] },
            CancellationToken.None);
        await using var api = await TestApiServer.StartAsync();
        // Everything the scenario needs but the gateway's client certificate, which the user binds later.
        ClusterSetup.Apply(api, [ExampleManifests.WithBackendPort(ExampleManifests.Read(ExampleManifests.Agc), echo.Port),
            DemoFolder.Secrets(backends.Certificate, frontend, client)]);
        api.Delete("", "secrets", Scenario.Namespace, Scenario.ClientSecret);
        using var kubeconfig = new KubeconfigFile(api, "azgw-system", "azgw");
        await using var provider = ClusterSetup.KeyVaultSyncServices(kubeconfig, vault);
        await using var functions = FunctionsInProcess.Start(provider.GetRequiredService<ICertificateSync>(),
            settings: new Dictionary<string, string?> { ["ClusterChanged:AllowedClientId"] = Scenario.GatewayIdentity });
        await using var app = await LoopbackServer.StartAsync(context => AppServiceAsync(context, functions));

        await KubernetesModeRun.ServeAsync(kubeconfig.Path, new HashSet<string> { "alb.networking.azure.io/alb-controller" }, Startup + Startup,
            async (dataPlane, _) =>
            {
                var port = Assert.Contains(443, dataPlane.BoundPorts);
                // Notices come from the replica that writes status: wait until it has written the Gateway's.
                await UntilAsync(() => api.Get("gateway.networking.k8s.io", "gateways", Scenario.Namespace, "gateway-01")?["status"]?["conditions"] is not null,
                    "the gateway leading and writing status");
                await using var load = RequestLoad.Start(1, port, frontends.Certificate, Scenario.Host);

                var bound = Stopwatch.StartNew();
                api.Apply(BoundSecret(vault.IdOf(Scenario.CertificateName)));
                await load.UntilAsync(sent => sent[0].Any(r => r.Subject == client.Subject), Filled,
                    $"the backend saw {client.Subject} within {Filled.TotalSeconds} s of the binding");
                bound.Stop();

                Assert.Contains(functions.Logs.GetSnapshot(), r => r.Message == "Filled 1 object(s) named by a cluster change notice: 1 updated, 0 unchanged, 0 problem(s)");
                Assert.NotNull(api.Get("", "secrets", Scenario.Namespace, Scenario.ClientSecret)?["metadata"]?["annotations"]?[KeyVaultAnnotations.Version]);
                Console.WriteLine($"new binding served {bound.Elapsed.TotalSeconds:0.00} s after the Secret was created");
            },
            options => options with
            {
                SyncNotifier = new SyncNotifierOptions { Endpoint = new Uri(app.Url, "api/cluster-changed"), Audience = "api://azuregateway-sync" },
                SyncCredential = new StaticTokenCredential(),
            });
    }

    /// <summary>
    /// What App Service authentication and the Functions host do with a call before the function sees it: a call
    /// without the gateway identity's token is refused; one with it reaches the function with its principal.
    /// </summary>
    private static async Task AppServiceAsync(HttpContext context, FunctionsInProcess functions)
    {
        if (context.Request.Path != "/api/cluster-changed" || context.Request.Headers.Authorization != "Bearer test-token")
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        using var reader = new StreamReader(context.Request.Body);
        var answer = await functions.ClusterChangedAsync(await reader.ReadToEndAsync(), caller: Scenario.GatewayIdentity);
        context.Response.StatusCode = answer.StatusCode;
        await context.Response.WriteAsync(answer.Body?.ToJsonString() ?? "");
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Startup, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>The Secret as a user creates it: empty, with the binding annotation.</summary>
    private static V1Secret BoundSecret(string certificateId) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Type = "kubernetes.io/tls",
        Metadata = new V1ObjectMeta
        {
            Name = Scenario.ClientSecret,
            NamespaceProperty = Scenario.Namespace,
            Annotations = new Dictionary<string, string> { [KeyVaultAnnotations.Certificate] = certificateId },
        },
        Data = new Dictionary<string, byte[]> { ["tls.crt"] = [], ["tls.key"] = [] },
    };
}
