using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.Cli.Demo;
using AzureGateway.EchoBackend;

namespace AzureGateway.Cli.Tests;

/// <summary>
/// <c>azgw run --config DIR --health-port P</c> with real TLS on both sides: two HTTPRoutes by host name, each to an
/// mTLS echo backend (<see cref="TrustedHost"/> to one whose certificate the gateway trusts, <see cref="UntrustedHost"/>
/// to one whose certificate comes from another CA), and an HTTPRoute to a Service that does not exist. Every answer
/// the test gets is counted, so the metrics can be compared with exactly what happened.
/// </summary>
public sealed class MeteredGateway : IAsyncDisposable
{
    public const string Namespace = "metrics-e2e";
    public const string TrustedHost = "trusted.metrics.test";
    public const string UntrustedHost = "untrusted.metrics.test";

    private static readonly HttpClient Scraper = new() { Timeout = TimeSpan.FromSeconds(30) };

    private readonly List<IDisposable> _owned = [];
    private readonly List<IAsyncDisposable> _servers = [];
    private readonly Dictionary<(string Host, HttpStatusCode Status), int> _answers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TempFolder _folder = new();
    private LoopbackHttpsClient? _client;
    private Task<int>? _running;

    private MeteredGateway(CertificateAuthority authority)
    {
        Authority = authority;
        _owned.Add(authority);
    }

    public CertificateAuthority Authority { get; }
    public X509Certificate2 Frontend { get; private set; } = null!;
    public X509Certificate2 GatewayClient { get; private set; } = null!;
    public int HealthPort { get; } = FreePort.Next();
    public Azgw Azgw { get; } = new();

    /// <summary>Starts the backends and the gateway, and returns once each route has answered as it should.</summary>
    public static async Task<MeteredGateway> StartAsync(string logLevel = "Error")
    {
        var gateway = new MeteredGateway(CertificateAuthority.Create("metrics test CA"));
        try
        {
            await gateway.StartAsync(logLevel, CancellationToken.None);
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync(string logLevel, CancellationToken cancellationToken)
    {
        var stranger = Own(CertificateAuthority.Create("a CA the gateway does not trust"));
        Frontend = Own(Authority.IssueServer([TrustedHost, UntrustedHost], lifetime: TimeSpan.FromDays(20)));
        GatewayClient = Own(Authority.IssueClient("metrics-gateway-client", lifetime: TimeSpan.FromDays(45)));
        var trusted = await EchoAsync(Own(Authority.IssueServer(["backend.com"])), cancellationToken);
        var untrusted = await EchoAsync(Own(stranger.IssueServer(["backend.com"])), cancellationToken);
        File.WriteAllText(_folder.File("gateway.yaml"), Manifests(trusted.Port, untrusted.Port));
        WriteSecrets(GatewayClient);
        var port = FreePort.Next();
        _running = Azgw.InvokeAsync(
            ["run", "--config", _folder.Path, "--port-offset", (port - 443).ToString(), "--listen-address", "127.0.0.1",
             "--health-port", HealthPort.ToString(), "--log-level", logLevel],
            _stop.Token);
        _client = new LoopbackHttpsClient(port, Authority.Certificate);
        await WaitForAsync(TrustedHost, HttpStatusCode.OK);
        await WaitForAsync(UntrustedHost, HttpStatusCode.BadGateway);
    }

    /// <summary>How many answers of <paramref name="status"/> the test got from <paramref name="host"/>.</summary>
    public int Answers(string host, HttpStatusCode status) => _answers.GetValueOrDefault((host, status));

    /// <summary>GETs <c>/</c> of <paramref name="host"/> through the gateway and counts the answer.</summary>
    public async Task<(HttpStatusCode Status, string Body)> SendAsync(string host)
    {
        var answer = await _client!.GetAsync(host, CancellationToken.None);
        _answers[(host, answer.Status)] = Answers(host, answer.Status) + 1;
        return answer;
    }

    /// <summary>The gateway presents <paramref name="next"/> to backends from the next connection on.</summary>
    public void RotateClientCertificate(X509Certificate2 next)
    {
        GatewayClient = Own(next);
        WriteSecrets(next, replace: true);
    }

    /// <summary>
    /// Scrapes <c>/metrics</c> until <paramref name="complete"/> holds of the samples, or 30 s have passed, and
    /// returns the last samples: measurements reach the exporter as requests end, and a scrape is cached briefly.
    /// </summary>
    public async Task<IReadOnlyList<PrometheusSample>> ScrapeUntilAsync(Func<IReadOnlyList<PrometheusSample>, bool> complete)
    {
        var waited = Stopwatch.StartNew();
        IReadOnlyList<PrometheusSample> samples = [];
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            Assert.False(_running!.IsCompleted, $"azgw stopped: {Azgw.Error}");
            using var response = await Scraper.GetAsync($"http://127.0.0.1:{HealthPort}/metrics");
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

    /// <summary>Stops the gateway as Ctrl+C does and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await _running!.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(30));
        }
        _client?.Dispose();
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
        _folder.Dispose();
        _stop.Dispose();
    }

    private async Task WaitForAsync(string host, HttpStatusCode expected)
    {
        // Startup on a loaded machine can take a while.
        var waited = Stopwatch.StartNew();
        while (Answers(host, expected) == 0)
        {
            Assert.False(_running!.IsCompleted, $"azgw stopped: {Azgw.Error}");
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60),
                $"no {(int)expected} from {host} within 60 s; answers: {string.Join(", ", _answers)}");
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

    private async Task<EchoServer> EchoAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        var echo = await EchoServer.StartAsync(
            new EchoServerOptions { ServerCertificate = certificate, TrustedClientCertificateAuthorities = [Authority.Certificate] },
            cancellationToken);
        _servers.Add(echo);
        return echo;
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private void WriteSecrets(X509Certificate2 gatewayClient, bool replace = false)
    {
        var secrets = KubernetesManifests.Join(
            KubernetesManifests.TlsSecret(Namespace, "frontend", Frontend),
            KubernetesManifests.TlsSecret(Namespace, "gateway-client", gatewayClient),
            KubernetesManifests.CaConfigMap(Namespace, "backend-ca", Authority.Certificate));
        if (replace)
        {
            _folder.Replace("secrets.yaml", secrets);
        }
        else
        {
            File.WriteAllText(_folder.File("secrets.yaml"), secrets);
        }
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
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: broken, namespace: {{Namespace}}}
        spec:
          parentRefs: [{name: web}]
          hostnames: [broken.metrics.test]
          rules:
          - backendRefs: [{name: no-such-service, port: 443}]
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
