using System.Diagnostics;
using System.Net;

namespace AzureGateway.Cli.Tests;

/// <summary>
/// What an operator watching <c>azgw run --config DIR --health-port P</c> sees when the folder goes wrong: the reload
/// counter and <c>/readyz</c>, asked over HTTP while the real folder source is edited.
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed class ServingSignalsTests : IAsyncDisposable
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly TempFolder _folder = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly int _healthPort = FreePort.Next();
    private readonly int _gatewayPort = FreePort.Next();
    private Task<int>? _running;

    private const string GatewayClass = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata:
          name: any
        spec:
          controllerName: example.com/any
        """;

    private const string HttpGateway = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata:
          name: web
          namespace: default
        spec:
          gatewayClassName: any
          listeners:
            - name: http
              port: 80
              protocol: HTTP
        """;

    /// <summary>Its only listener refers to a Secret that does not exist, so nothing can be served.</summary>
    private const string GatewayWithoutServableListener = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata:
          name: web
          namespace: default
        spec:
          gatewayClassName: any
          listeners:
            - name: https
              port: 80
              protocol: HTTPS
              hostname: web.test
              tls:
                mode: Terminate
                certificateRefs:
                  - name: missing
        """;

    /// <summary>A ConfigMap with a YAML alias: refused on its own (the gateway expands no aliases), while the rest serves.</summary>
    private const string RefusedDocument = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: &name aliased
          labels:
            copy: *name
        """;

    [Fact]
    public async Task AFileThatDoesNotParseCountsAFailedReloadAndARefusedDocumentAPartialOne()
    {
        File.WriteAllText(_folder.File("gateway.yaml"), GatewayClass + "\n---\n" + HttpGateway);
        Start();
        await ReloadsAsync("applied", 1);

        File.WriteAllText(_folder.File("broken.yaml"), "kind: [");
        await ReloadsAsync("failed", 1);
        // The last good configuration keeps serving: still ready.
        Assert.Equal((HttpStatusCode.OK, "ready"), await ReadinessAsync());

        File.WriteAllText(_folder.File("broken.yaml"), RefusedDocument);
        await ReloadsAsync("partial", 1);
        Assert.Equal(1, await ReloadsAsync("failed", 1));
    }

    [Fact]
    public async Task AFolderThatDoesNotParseAtStartCountsAFailedReloadAndIsNotReady()
    {
        File.WriteAllText(_folder.File("gateway.yaml"), "kind: [");
        Start();

        await ReloadsAsync("failed", 1);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "no configuration applied yet"), await ReadinessAsync());

        File.WriteAllText(_folder.File("gateway.yaml"), GatewayClass + "\n---\n" + HttpGateway);
        await ReadinessAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task GatewaysThatYieldNoListenerAreNotReadyUntilOneIsServedAgain()
    {
        File.WriteAllText(_folder.File("gateway.yaml"), GatewayClass + "\n---\n" + GatewayWithoutServableListener);
        Start();

        Assert.Equal(
            (HttpStatusCode.ServiceUnavailable, "serving no listener: the Gateway has no listener that can be served (its status says why)"),
            await ReadinessAsync(HttpStatusCode.ServiceUnavailable, "serving no listener"));

        File.WriteAllText(_folder.File("gateway.yaml"), GatewayClass + "\n---\n" + HttpGateway);
        await ReadinessAsync(HttpStatusCode.OK);

        File.WriteAllText(_folder.File("gateway.yaml"), GatewayClass + "\n---\n" + GatewayWithoutServableListener);
        await ReadinessAsync(HttpStatusCode.ServiceUnavailable, "serving no listener");
    }

    private void Start() =>
        _running = new Azgw().InvokeAsync(
            ["run", "--config", _folder.Path, "--listen-address", "127.0.0.1", "--port-offset", (_gatewayPort - 80).ToString(),
                "--health-port", _healthPort.ToString(), "--log-level", "Critical"],
            _stop.Token);

    /// <summary>Scrapes until the reload counter for <paramref name="result"/> reaches at least <paramref name="atLeast"/>.</summary>
    private async Task<double> ReloadsAsync(string result, double atLeast)
    {
        var waited = Stopwatch.StartNew();
        var last = 0.0;
        while (waited.Elapsed < Patience)
        {
            AssertRunning();
            var text = await GetAsync("/metrics");
            last = text is null
                ? 0
                : PrometheusText.Parse(text.Value.Body)
                    .Where(sample => sample.Name == "azuregateway_config_reloads_total"
                        && sample.Labels.GetValueOrDefault("azuregateway_config_result") == result)
                    .Sum(sample => sample.Value);
            if (last >= atLeast)
            {
                return last;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"azuregateway_config_reloads_total{{result=\"{result}\"}} stayed at {last}");
        return last;
    }

    /// <summary>Asks <c>/readyz</c> until it answers <paramref name="status"/> with a body starting <paramref name="body"/>, if given.</summary>
    private async Task<(HttpStatusCode Status, string Body)> ReadinessAsync(HttpStatusCode? status = null, string body = "")
    {
        var waited = Stopwatch.StartNew();
        (HttpStatusCode, string)? last = null;
        while (waited.Elapsed < Patience)
        {
            AssertRunning();
            last = await GetAsync("/readyz");
            if (last is { } answer && (status is null || (answer.Item1 == status && answer.Item2.StartsWith(body, StringComparison.Ordinal))))
            {
                return answer;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"/readyz answered {last}");
        return default;
    }

    private async Task<(HttpStatusCode Status, string Body)?> GetAsync(string path)
    {
        try
        {
            using var response = await Client.GetAsync($"http://127.0.0.1:{_healthPort}{path}");
            return (response.StatusCode, (await response.Content.ReadAsStringAsync()).TrimEnd('\n'));
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }

    private void AssertRunning() =>
        Assert.False(_running!.IsCompleted, $"azgw stopped ({_running.Status})");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            Assert.Equal(ExitCodes.Ok, await _running.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        _stop.Dispose();
        _folder.Dispose();
    }
}
