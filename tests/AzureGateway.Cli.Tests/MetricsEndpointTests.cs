using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.Cli.Demo;
using AzureGateway.EchoBackend;

namespace AzureGateway.Cli.Tests;

/// <summary>
/// <c>azgw run --health-port</c> without Azure Monitor serves Prometheus metrics on the health port: a gateway
/// with real TLS to two mTLS echo backends, one of which the gateway cannot trust, is scraped over HTTP.
/// </summary>
public sealed class MetricsEndpointTests
{
    // A namespace of its own: other tests in this process run gateways too, and every one of them is measured.
    private const string Namespace = "metrics-e2e";
    private const string TrustedHost = "trusted.metrics.test";
    private const string UntrustedHost = "untrusted.metrics.test";

    private static readonly HttpClient Scraper = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task TheHealthPortServesRequestsByRouteHandshakeFailuresByReasonAndCertificateExpiry()
    {
        using var authority = CertificateAuthority.Create("metrics test CA");
        using var stranger = CertificateAuthority.Create("a CA the gateway does not trust");
        using var frontend = authority.IssueServer([TrustedHost, UntrustedHost], lifetime: TimeSpan.FromDays(20));
        using var gatewayClient = authority.IssueClient("metrics-gateway-client", lifetime: TimeSpan.FromDays(45));
        using var trustedBackend = authority.IssueServer(["backend.com"]);
        using var untrustedBackend = stranger.IssueServer(["backend.com"]);
        await using var trusted = await EchoServer.StartAsync(
            new EchoServerOptions { ServerCertificate = trustedBackend, TrustedClientCertificateAuthorities = [authority.Certificate] },
            CancellationToken.None);
        await using var untrusted = await EchoServer.StartAsync(
            new EchoServerOptions { ServerCertificate = untrustedBackend, TrustedClientCertificateAuthorities = [authority.Certificate] },
            CancellationToken.None);
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("gateway.yaml"), Manifests(trusted.Port, untrusted.Port));
        File.WriteAllText(folder.File("secrets.yaml"), KubernetesManifests.Join(
            KubernetesManifests.TlsSecret(Namespace, "frontend", frontend),
            KubernetesManifests.TlsSecret(Namespace, "gateway-client", gatewayClient),
            KubernetesManifests.CaConfigMap(Namespace, "backend-ca", authority.Certificate)));
        var port = FreePort.Next();
        var healthPort = FreePort.Next();
        using var stop = new CancellationTokenSource();
        var azgw = new Azgw();
        var running = azgw.InvokeAsync(
            ["run", "--config", folder.Path, "--port-offset", (port - 443).ToString(), "--listen-address", "127.0.0.1",
             "--health-port", healthPort.ToString(), "--log-level", "Error"],
            stop.Token);
        using var client = new LoopbackHttpsClient(port, authority.Certificate);

        // Every answer is counted, including those while the gateway starts: only a 200 and a 502 say it serves.
        var answers = new Dictionary<(string Host, HttpStatusCode Status), int>();
        await WaitForAsync(TrustedHost, HttpStatusCode.OK);
        await WaitForAsync(UntrustedHost, HttpStatusCode.BadGateway);
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(TrustedHost);
            await SendAsync(UntrustedHost);
        }

        var trustedRoute = new Dictionary<string, string> { ["http_route"] = $"httproute/{Namespace}/trusted/rule/0/match/0" };
        var untrustedRoute = new Dictionary<string, string> { ["http_route"] = $"httproute/{Namespace}/untrusted/rule/0/match/0" };
        var untrustedCluster = $"{Namespace}/web/service/{Namespace}/untrusted-app/443";
        // Measurements reach the exporter as requests end, and a scrape is cached briefly: ask until they are in.
        var samples = await ScrapeUntilAsync(healthPort, running, scraped =>
            Count(scraped, trustedRoute, "200") == answers.GetValueOrDefault((TrustedHost, HttpStatusCode.OK))
            && Count(scraped, untrustedRoute, "502") == answers.GetValueOrDefault((UntrustedHost, HttpStatusCode.BadGateway)));

        Assert.Equal(answers[(TrustedHost, HttpStatusCode.OK)], Count(samples, trustedRoute, "200"));
        Assert.Equal(answers[(UntrustedHost, HttpStatusCode.BadGateway)], Count(samples, untrustedRoute, "502"));
        Assert.Equal(0, Count(samples, trustedRoute, "502"));
        // One handshake per request to the untrusted backend: a connection that failed its handshake is never pooled.
        var handshakeFailures = Single(samples, "azuregateway_backend_tls_handshake_failures_total",
            ("azuregateway_cluster", untrustedCluster), ("error_type", "untrusted_ca"));
        Assert.Equal(answers[(UntrustedHost, HttpStatusCode.BadGateway)], handshakeFailures.Value);
        Assert.DoesNotContain(samples, sample => sample.Name == "azuregateway_backend_tls_handshake_failures_total"
            && sample.Labels.GetValueOrDefault("azuregateway_cluster") == $"{Namespace}/web/service/{Namespace}/trusted-app/443");
        AssertDaysLeft(frontend, Single(samples, "azuregateway_certificate_time_to_expiry_days",
            ("azuregateway_certificate_usage", "listener"), ("azuregateway_certificate_source", $"Secret {Namespace}/frontend")));
        AssertDaysLeft(gatewayClient, Single(samples, "azuregateway_certificate_time_to_expiry_days",
            ("azuregateway_certificate_usage", "client"), ("azuregateway_certificate_source", $"Secret {Namespace}/gateway-client")));
        AssertDaysLeft(authority.Certificate, Single(samples, "azuregateway_certificate_time_to_expiry_days",
            ("azuregateway_certificate_usage", "trusted_ca"), ("azuregateway_certificate_source", $"ConfigMap {Namespace}/backend-ca")));
        Assert.Contains(samples, sample => sample.Name == "azuregateway_config_reloads_total"
            && sample.Labels.GetValueOrDefault("azuregateway_config_result") == "applied" && sample.Value >= 1);

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await running.WaitAsync(TimeSpan.FromSeconds(30)));

        async Task SendAsync(string host)
        {
            var (status, _) = await client.GetAsync(host, CancellationToken.None);
            answers[(host, status)] = answers.GetValueOrDefault((host, status)) + 1;
        }

        async Task WaitForAsync(string host, HttpStatusCode expected)
        {
            // Startup on a loaded machine can take a while.
            var waited = Stopwatch.StartNew();
            while (!answers.ContainsKey((host, expected)))
            {
                Assert.False(running.IsCompleted, $"azgw stopped: {azgw.Error}");
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"no {(int)expected} from {host} within 60 s: {string.Join(", ", answers)}");
                try
                {
                    await SendAsync(host);
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }
        }
    }

    /// <summary>Requests <c>http.server.request.duration</c> counted for a route and status.</summary>
    private static double Count(IReadOnlyList<PrometheusSample> samples, Dictionary<string, string> route, string status) =>
        samples.Where(sample => sample.Name == "http_server_request_duration_seconds_count"
                && sample.Has(route) && sample.Labels.GetValueOrDefault("http_response_status_code") == status)
            .Sum(sample => sample.Value);

    private static PrometheusSample Single(IReadOnlyList<PrometheusSample> samples, string name, params (string Key, string Value)[] labels)
    {
        var matching = samples.Where(sample => sample.Name == name && sample.Has(labels.Select(l => KeyValuePair.Create(l.Key, l.Value)))).ToList();
        Assert.True(matching.Count == 1,
            $"{matching.Count} samples of {name} with {string.Join(", ", labels)}; those of {name}:\n"
            + string.Join("\n", samples.Where(sample => sample.Name == name)));
        return matching[0];
    }

    private static void AssertDaysLeft(X509Certificate2 certificate, PrometheusSample sample)
    {
        var expected = (certificate.NotAfter.ToUniversalTime() - DateTime.UtcNow).TotalDays;
        // The gauge is read at the scrape, moments ago; a quarter of an hour covers any slow machine.
        Assert.InRange(sample.Value, expected - 0.01, expected + 0.01);
        Assert.Equal(certificate.Subject, sample.Labels["azuregateway_certificate_subject"]);
    }

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeUntilAsync(
        int healthPort, Task<int> gateway, Func<IReadOnlyList<PrometheusSample>, bool> complete)
    {
        var waited = Stopwatch.StartNew();
        IReadOnlyList<PrometheusSample> samples = [];
        while (waited.Elapsed < TimeSpan.FromSeconds(30) && !gateway.IsCompleted)
        {
            using var response = await Scraper.GetAsync($"http://127.0.0.1:{healthPort}/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            samples = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
            if (complete(samples))
            {
                break;
            }
            await Task.Delay(200);
        }
        return samples;
    }

    private static string Manifests(int trustedPort, int untrustedPort) => $$"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata: {name: {{Namespace}}}
        spec: {controllerName: azuregateway.io/gateway-controller}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: web, namespace: {{Namespace}}}
        spec:
          gatewayClassName: {{Namespace}}
          listeners:
          - name: https
            port: 443
            protocol: HTTPS
            tls: {mode: Terminate, certificateRefs: [{name: frontend}]}
          tls:
            backend:
              clientCertificateRef: {name: gateway-client}
        ---
        {{Backend("trusted", TrustedHost, trustedPort)}}
        ---
        {{Backend("untrusted", UntrustedHost, untrustedPort)}}
        """;

    /// <summary>An HTTPRoute for <paramref name="host"/> to a Service whose endpoint is the local port, verified by the CA ConfigMap.</summary>
    private static string Backend(string name, string host, int port) => $$"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: {{name}}, namespace: {{Namespace}}}
        spec:
          parentRefs: [{name: web}]
          hostnames: [{{host}}]
          rules:
          - backendRefs: [{name: {{name}}-app, port: 443}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: {{name}}-app, namespace: {{Namespace}}}
        spec:
          ports: [{port: 443, targetPort: {{port}}}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: {{name}}-app
          namespace: {{Namespace}}
          labels: {kubernetes.io/service-name: {{name}}-app}
        addressType: IPv4
        ports: [{port: {{port}}}]
        endpoints: [{addresses: ["127.0.0.1"]}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: BackendTLSPolicy
        metadata: {name: {{name}}-app, namespace: {{Namespace}}}
        spec:
          targetRefs: [{group: "", kind: Service, name: {{name}}-app}]
          validation:
            caCertificateRefs: [{group: "", kind: ConfigMap, name: backend-ca}]
            hostname: backend.com
        """;
}
