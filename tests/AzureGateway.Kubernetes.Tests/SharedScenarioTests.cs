using System.Text;
using AzureGateway.Certificates;
using AzureGateway.Kubernetes.Status;
using AzureGateway.Kubernetes.Tests.ApiServer;
using AzureGateway.Kubernetes.Watching;
using AzureGateway.Model;
using AzureGateway.Sources.Files;
using AzureGateway.Translation;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace AzureGateway.Kubernetes.Tests;

/// <summary>The shared AGC scenario, applied to the API server: watched, translated, and its status written back.</summary>
public sealed class SharedScenarioTests
{
    private const string Namespace = "test-infra";
    private const string AlbController = "alb.networking.azure.io/alb-controller";

    private static V1Secret Secret(string name, string type, Dictionary<string, string> data) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
        Type = type,
        Data = data.ToDictionary(d => d.Key, d => Encoding.UTF8.GetBytes(d.Value)),
    };

    private static V1Secret TlsSecret(string name, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        Secret(name, "kubernetes.io/tls", new() { ["tls.crt"] = PemExport.Certificate(certificate), ["tls.key"] = PemExport.PrivateKey(certificate) });

    [Fact]
    public async Task The_agc_scenario_applied_to_the_api_server_is_served_and_its_status_reads_accepted_programmed_and_resolved()
    {
        await using var server = await TestApiServer.StartAsync();
        var loaded = YamlDocumentLoader.Load("agc-backend-mtls.yaml", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "agc-backend-mtls.yaml")));
        Assert.Null(loaded.Error);
        foreach (var resource in loaded.Objects)
        {
            server.Apply(resource);
        }
        using var authority = CertificateAuthority.Create("scenario CA");
        using var frontend = authority.IssueServer(["frontend.com"]);
        using var client = authority.IssueClient("gateway-client");
        server.Apply(TlsSecret("frontend.com", frontend));
        server.Apply(TlsSecret("gateway-client-cert", client));
        server.Apply(Secret("ca.bundle", "Opaque", new() { ["ca.crt"] = PemExport.Certificate(authority.Certificate) }));

        await using var reader = new SnapshotReader(new KubernetesSource(server.Client(), new KubernetesSourceOptions(), NullLogger<KubernetesSource>.Instance));
        var snapshot = await reader.NextAsync();
        var translator = new GatewayTranslator(new TranslatorOptions { ControllerNames = new HashSet<string> { AlbController } });
        var result = translator.Translate(snapshot);
        await new StatusWriter(server.Client(), new StatusWriterOptions(), NullLogger<StatusWriter>.Instance).WriteAsync(result.Statuses, CancellationToken.None);

        Assert.NotEmpty(result.Ir.Ports);
        Assert.NotEmpty(result.Ir.Clusters);
        var gatewayClass = server.Get(ResourceKinds.GatewayApiGroup, "gatewayclasses", null, "azure-alb-external")!["status"];
        StatusConditions.AssertTrue(StatusConditions.At(gatewayClass, "conditions"), "Accepted", "Accepted");
        var gateway = server.Get(ResourceKinds.GatewayApiGroup, "gateways", Namespace, "gateway-01")!["status"];
        StatusConditions.AssertTrue(StatusConditions.At(gateway, "conditions"), "Accepted", "Accepted");
        StatusConditions.AssertTrue(StatusConditions.At(gateway, "conditions"), "Programmed", "Programmed");
        var listener = gateway!["listeners"]![0];
        StatusConditions.AssertTrue(StatusConditions.At(listener, "conditions"), "ResolvedRefs", "ResolvedRefs");
        StatusConditions.AssertTrue(StatusConditions.At(listener, "conditions"), "Programmed", "Programmed");
        Assert.Equal(1, listener!["attachedRoutes"]!.GetValue<int>());
        var route = server.Get(ResourceKinds.GatewayApiGroup, "httproutes", Namespace, "https-route")!["status"];
        StatusConditions.AssertTrue(StatusConditions.At(route, "parents", "0", "conditions"), "Accepted", "Accepted");
        StatusConditions.AssertTrue(StatusConditions.At(route, "parents", "0", "conditions"), "ResolvedRefs", "ResolvedRefs");
        var policy = server.Get("alb.networking.azure.io", "backendtlspolicies", Namespace, "mtls-app-tls-policy")?["status"]
            ?? server.Get(ResourceKinds.GatewayApiGroup, "backendtlspolicies", Namespace, "mtls-app-tls-policy")!["status"];
        Assert.NotEmpty(StatusConditions.At(policy, "conditions").Concat(StatusConditions.At(policy, "ancestors", "0", "conditions")));
        Assert.All(StatusConditions.At(policy, "conditions").Concat(StatusConditions.At(policy, "ancestors", "0", "conditions")),
            c => Assert.Equal("True", c["status"]!.GetValue<string>()));
    }
}
