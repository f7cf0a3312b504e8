using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.Cli.Demo;
using AzureGateway.DataPlane;
using AzureGateway.EchoBackend;
using AzureGateway.Kubernetes.Tests.ApiServer;
using AzureGateway.Model;
using AzureGateway.Sources.Files;

namespace AzureGateway.Kubernetes.Tests;

/// <summary>
/// <c>azgw run --kubernetes --kubeconfig FILE</c> end to end: the shared scenarios and their Secrets applied to the API
/// server, served over real sockets with real TLS to an echo backend that requires the gateway's client certificate,
/// and their statuses written back as the Application Gateway for Containers and Envoy Gateway documentation show them.
/// </summary>
public sealed class KubernetesModeTests
{
    private const string AlbController = "alb.networking.azure.io/alb-controller";
    private const string EnvoyGatewayController = "gateway.envoyproxy.io/gatewayclass-controller";
    private const string GatewayApi = ResourceKinds.GatewayApiGroup;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_agc_scenario_applied_to_the_api_server_is_served_with_backend_mtls_and_its_status_reads_as_documented()
    {
        using var pki = new ScenarioPki("frontend.com", "backend.com");
        using var gatewayClient = pki.Clients.IssueClient("gateway-client");
        await using var echo = await pki.StartEchoAsync();
        await using var server = await TestApiServer.StartAsync();
        Apply(server,
            ExampleManifests.WithBackendPort(ExampleManifests.Read(ExampleManifests.Agc), echo.Port),
            DemoFolder.Secrets(pki.Backends.Certificate, pki.Frontend, gatewayClient));

        await ServeAsync(server, [AlbController], async (dataPlane, serving) =>
        {
            var answer = await GetThroughGatewayAsync(dataPlane, 443, "frontend.com", pki, serving);
            Assert.Equal("backend.com", answer.ServerName);
            Assert.Equal(gatewayClient.Subject, answer.ClientCertificate?.Subject);
            Assert.Equal(gatewayClient.Thumbprint, answer.ClientCertificate?.Thumbprint);

            await UntilStatusesReadAsync(server,
                new(GatewayApi, "gatewayclasses", null, "azure-alb-external", "conditions", "Accepted", "Accepted"),
                new(GatewayApi, "gateways", "test-infra", "gateway-01", "conditions", "Accepted", "Accepted"),
                new(GatewayApi, "gateways", "test-infra", "gateway-01", "conditions", "Programmed", "Programmed"),
                new(GatewayApi, "gateways", "test-infra", "gateway-01", "listeners.0.conditions", "Accepted", "Accepted"),
                new(GatewayApi, "gateways", "test-infra", "gateway-01", "listeners.0.conditions", "ResolvedRefs", "ResolvedRefs"),
                new(GatewayApi, "gateways", "test-infra", "gateway-01", "listeners.0.conditions", "Programmed", "Programmed"),
                new(GatewayApi, "httproutes", "test-infra", "https-route", "parents.0.conditions", "Accepted", "Accepted"),
                new(GatewayApi, "httproutes", "test-infra", "https-route", "parents.0.conditions", "ResolvedRefs", "ResolvedRefs"),
                new("alb.networking.azure.io", "backendtlspolicies", "test-infra", "mtls-app-tls-policy", "conditions", "Accepted", "Accepted",
                    "Valid BackendTLSPolicy"),
                new("alb.networking.azure.io", "backendtlspolicies", "test-infra", "mtls-app-tls-policy", "conditions", "ResolvedRefs", "ResolvedRefs"));
            var listener = server.Get(GatewayApi, "gateways", "test-infra", "gateway-01")!["status"]!["listeners"]![0]!;
            Assert.Equal(1, listener["attachedRoutes"]!.GetValue<int>());
        });
    }

    [Fact]
    public async Task The_agc_frontend_mtls_scenario_applied_to_the_api_server_admits_only_clients_its_ca_bundle_issued_and_its_status_reads_as_documented()
    {
        using var pki = new ScenarioPki("frontend.com", "backend.com");
        using var client = pki.Clients.IssueClient("contoso-client");
        using var stranger = pki.Backends.IssueClient("stranger");
        // The scenario's backend is plain HTTP: only the client side of the gateway is mutual TLS.
        await using var echo = await EchoServer.StartAsync(new EchoServerOptions(), CancellationToken.None);
        await using var server = await TestApiServer.StartAsync();
        Apply(server,
            ExampleManifests.WithBackendPort(ExampleManifests.Read(ExampleManifests.AgcFrontend), echo.Port),
            KubernetesManifests.Join(
                KubernetesManifests.TlsSecret("test-infra", "listener-tls-secret", pki.Frontend),
                KubernetesManifests.CaSecret("test-infra", "ca.bundle", pki.Clients.Certificate)));

        await ServeAsync(server, [AlbController], async (dataPlane, serving) =>
        {
            var answer = await GetThroughGatewayAsync(dataPlane, 443, "frontend.com", pki, serving, client);
            Assert.Equal(client.Subject, answer.ForwardedClient?.Subject);
            Assert.Equal(client.GetCertHashString(HashAlgorithmName.SHA256), answer.ForwardedClient?.Hash, ignoreCase: true);
            Assert.Equal("SUCCESS", answer.ClientVerification);
            foreach (var refused in new[] { null, stranger })
            {
                var failure = await Assert.ThrowsAsync<HttpRequestException>(() => GetThroughGatewayAsync(dataPlane, 443, "frontend.com", pki, serving, refused));
                Assert.True(LoopbackHttpsClient.HandshakeRefusal(failure) is not null, failure.ToString());
            }

            await UntilStatusesReadAsync(server,
                new(GatewayApi, "gateways", "test-infra", "gateway-01", "conditions", "Programmed", "Programmed"),
                new(GatewayApi, "gateways", "test-infra", "gateway-01", "listeners.0.conditions", "ResolvedRefs", "ResolvedRefs"),
                new(GatewayApi, "gateways", "test-infra", "gateway-01", "listeners.0.conditions", "Programmed", "Programmed"),
                new(GatewayApi, "httproutes", "test-infra", "https-route", "parents.0.conditions", "Accepted", "Accepted"),
                new(GatewayApi, "httproutes", "test-infra", "https-route", "parents.0.conditions", "ResolvedRefs", "ResolvedRefs"),
                new("alb.networking.azure.io", "frontendtlspolicies", "test-infra", "mtls-policy", "conditions", "Accepted", "Accepted",
                    "Valid FrontendTLSPolicy"),
                new("alb.networking.azure.io", "frontendtlspolicies", "test-infra", "mtls-policy", "conditions", "ResolvedRefs", "ResolvedRefs"));
        });
    }

    [Fact]
    public async Task The_envoy_gateway_scenario_applied_to_the_api_server_is_served_with_the_backends_own_client_certificate_and_its_status_reads_as_documented()
    {
        using var pki = new ScenarioPki("www.example.com", "www.example.com");
        using var proxyClient = pki.Clients.IssueClient("envoy-proxy-client");
        using var backendClient = pki.Clients.IssueClient("backend-client");
        await using var echo = await pki.StartEchoAsync();
        await using var server = await TestApiServer.StartAsync();
        Apply(server,
            ExampleManifests.WithBackendPort(ExampleManifests.Read(ExampleManifests.EnvoyGateway), echo.Port),
            KubernetesManifests.Join(
                KubernetesManifests.TlsSecret("envoy-gateway-system", "example-client-cert", proxyClient),
                KubernetesManifests.TlsSecret("default", "example-client-cert", backendClient),
                KubernetesManifests.CaConfigMap("default", "example-ca", pki.Backends.Certificate),
                KubernetesManifests.TlsSecret("default", "example-cert", pki.Frontend)));

        await ServeAsync(server, [EnvoyGatewayController], async (dataPlane, serving) =>
        {
            var answer = await GetThroughGatewayAsync(dataPlane, 443, "www.example.com", pki, serving);
            Assert.Equal("www.example.com", answer.ServerName);
            // The Backend's own client certificate takes precedence over the EnvoyProxy's.
            Assert.Equal(backendClient.Subject, answer.ClientCertificate?.Subject);
            Assert.Equal(backendClient.Thumbprint, answer.ClientCertificate?.Thumbprint);

            await UntilStatusesReadAsync(server,
                new(GatewayApi, "gatewayclasses", null, "eg", "conditions", "Accepted", "Accepted"),
                new(GatewayApi, "gateways", "default", "eg", "conditions", "Accepted", "Accepted"),
                new(GatewayApi, "gateways", "default", "eg", "conditions", "Programmed", "Programmed"),
                new(GatewayApi, "gateways", "default", "eg", "listeners.0.conditions", "Accepted", "Accepted"),
                new(GatewayApi, "gateways", "default", "eg", "listeners.0.conditions", "ResolvedRefs", "ResolvedRefs"),
                new(GatewayApi, "gateways", "default", "eg", "listeners.0.conditions", "Programmed", "Programmed"),
                new(GatewayApi, "gateways", "default", "eg", "listeners.1.conditions", "Accepted", "Accepted"),
                new(GatewayApi, "gateways", "default", "eg", "listeners.1.conditions", "ResolvedRefs", "ResolvedRefs"),
                new(GatewayApi, "gateways", "default", "eg", "listeners.1.conditions", "Programmed", "Programmed"),
                new(GatewayApi, "httproutes", "default", "backend", "parents.0.conditions", "Accepted", "Accepted"),
                new(GatewayApi, "httproutes", "default", "backend", "parents.0.conditions", "ResolvedRefs", "ResolvedRefs"),
                new("gateway.envoyproxy.io", "backends", "default", "tls-backend-client-cert", "conditions", "Accepted", "Accepted",
                    "The Backend was accepted."));
        });
    }

    [Fact]
    public async Task A_gateway_class_of_another_controller_is_left_alone_unless_its_controller_name_is_listed()
    {
        using var pki = new ScenarioPki("frontend.com", "backend.com");
        using var gatewayClient = pki.Clients.IssueClient("gateway-client");
        await using var echo = await pki.StartEchoAsync();
        await using var server = await TestApiServer.StartAsync();
        Apply(server,
            ExampleManifests.WithBackendPort(ExampleManifests.Read(ExampleManifests.Agc), echo.Port),
            DemoFolder.Secrets(pki.Backends.Certificate, pki.Frontend, gatewayClient));
        // A class of ours beside the ALB one. Statuses are written in order (classes by name, then Gateways and routes
        // by namespace), and these sort after the ALB scenario's class, Gateway and route: once theirs are written, those
        // were passed over. (Policies come last; GatewayClassTranslatorTests pins that the ALB one is passed over too.)
        const string Ours = "web-apps";
        server.Apply(Manifests.GatewayClass());
        server.Apply(Manifests.Gateway(ns: Ours));
        server.Apply(Manifests.Route("app", Ours));

        await ServeAsync(server, [ResourceKinds.ControllerName], async (dataPlane, _) =>
        {
            await UntilStatusesReadAsync(server,
                new(GatewayApi, "gatewayclasses", null, "azure-gateway", "conditions", "Accepted", "Accepted"),
                new(GatewayApi, "gateways", Ours, "web", "conditions", "Programmed", "Programmed"),
                new(GatewayApi, "httproutes", Ours, "app", "parents.0.conditions", "Accepted", "Accepted"));
            Assert.Contains(8080, dataPlane.BoundPorts.Keys);
            Assert.DoesNotContain(443, dataPlane.BoundPorts.Keys);
        });
        Assert.Null(server.Get(GatewayApi, "gatewayclasses", null, "azure-alb-external")!["status"]);
        Assert.Null(server.Get(GatewayApi, "gateways", "test-infra", "gateway-01")!["status"]);
        Assert.Null(server.Get(GatewayApi, "httproutes", "test-infra", "https-route")!["status"]);
        Assert.Null(server.Get("alb.networking.azure.io", "backendtlspolicies", "test-infra", "mtls-app-tls-policy")!["status"]);

        await ServeAsync(server, [ResourceKinds.ControllerName, AlbController], async (dataPlane, serving) =>
        {
            var answer = await GetThroughGatewayAsync(dataPlane, 443, "frontend.com", pki, serving);
            Assert.Equal(gatewayClient.Thumbprint, answer.ClientCertificate?.Thumbprint);
            await UntilStatusesReadAsync(server,
                new(GatewayApi, "gatewayclasses", null, "azure-alb-external", "conditions", "Accepted", "Accepted"),
                new(GatewayApi, "gateways", "test-infra", "gateway-01", "conditions", "Programmed", "Programmed"));
        });
    }

    /// <summary>Applies multi-document YAML as <c>kubectl apply -f</c> would.</summary>
    private static void Apply(TestApiServer server, params string[] yamlFiles)
    {
        foreach (var yaml in yamlFiles)
        {
            var loaded = YamlDocumentLoader.Load("applied.yaml", yaml);
            Assert.Null(loaded.Error);
            foreach (var resource in loaded.Objects)
            {
                server.Apply(resource);
            }
        }
    }

    /// <summary>Runs Kubernetes mode against <paramref name="server"/> through a kubeconfig file (see <see cref="KubernetesModeRun"/>).</summary>
    private static async Task ServeAsync(
        TestApiServer server, HashSet<string> controllerNames, Func<GatewayDataPlane, CancellationToken, Task> whileServing)
    {
        using var kubeconfig = new KubeconfigFile(server, "azgw-system", "azgw");
        await KubernetesModeRun.ServeAsync(kubeconfig.Path, controllerNames, Timeout, whileServing);
    }

    /// <summary>
    /// GETs <c>/</c> of <paramref name="host"/> through the data plane's listener for <paramref name="listenerPort"/>,
    /// with SNI and Host naming it, only the scenario's frontend CA trusted and <paramref name="clientCertificate"/>
    /// presented if given, and reads the echo backend's answer.
    /// </summary>
    private static async Task<EchoAnswer> GetThroughGatewayAsync(
        GatewayDataPlane dataPlane, int listenerPort, string host, ScenarioPki pki, CancellationToken cancellationToken,
        X509Certificate2? clientCertificate = null)
    {
        var port = Assert.Contains(listenerPort, dataPlane.BoundPorts);
        using var client = new LoopbackHttpsClient(port, pki.Frontends.Certificate, clientCertificate);
        var (status, body) = await client.GetAsync(host, cancellationToken);
        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {status}: {body}");
        var answer = EchoAnswer.Parse(body);
        Assert.True(answer is not null, $"not the echo backend's answer: {body}");
        return answer;
    }

    /// <summary>Polls the API server until every expected condition reads as expected, failing with those that do not.</summary>
    private static async Task UntilStatusesReadAsync(TestApiServer server, params ExpectedCondition[] expected)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var unmet = expected.Select(e => e.Mismatch(server)).OfType<string>().ToList();
            if (unmet.Count == 0)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"statuses did not read as expected:\n{string.Join('\n', unmet)}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Three authorities, as a cluster would have them: one issues the listener's certificate (the client trusts it), one
    /// the backend's server certificate (the gateway must trust it), and one the gateway's client certificates (the
    /// backend requires one of its).
    /// </summary>
    private sealed class ScenarioPki : IDisposable
    {
        public ScenarioPki(string frontendName, string backendName)
        {
            Frontend = Frontends.IssueServer([frontendName]);
            Backend = Backends.IssueServer([backendName]);
        }

        public CertificateAuthority Frontends { get; } = CertificateAuthority.Create("frontend CA");
        public CertificateAuthority Backends { get; } = CertificateAuthority.Create("backend CA");
        public CertificateAuthority Clients { get; } = CertificateAuthority.Create("gateway client CA");
        public X509Certificate2 Frontend { get; }
        public X509Certificate2 Backend { get; }

        public Task<EchoServer> StartEchoAsync() => EchoServer.StartAsync(
            new EchoServerOptions { ServerCertificate = Backend, TrustedClientCertificateAuthorities = [Clients.Certificate] },
            CancellationToken.None);

        public void Dispose()
        {
            Frontend.Dispose();
            Backend.Dispose();
            Frontends.Dispose();
            Backends.Dispose();
            Clients.Dispose();
        }
    }
}
