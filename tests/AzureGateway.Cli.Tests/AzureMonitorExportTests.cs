using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using AzureGateway.Telemetry;
using static AzureGateway.Cli.Tests.MeteredGateway;

namespace AzureGateway.Cli.Tests;

/// <summary>
/// With <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> set, <c>azgw run</c> sends traces, metrics and logs to its
/// ingestion endpoint (here one on loopback) and serves no <c>/metrics</c>. The variable is the process's, so these
/// tests run alone.
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed class AzureMonitorExportTests
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task WithAConnectionStringRequestsBackendCallsWarningsAndMetricsGoToAzureMonitor()
    {
        await using var ingestion = await FakeIngestion.StartAsync();
        // Other tests' gateways in this process take from the same 5 traces a second; the exporter's documented
        // sampler settings keep every trace, so the one request below cannot be sampled out.
        var settings = new Dictionary<string, string>
        {
            [TelemetrySettings.ConnectionStringVariable] = ingestion.ConnectionString,
            ["OTEL_TRACES_SAMPLER"] = "microsoft.fixed_percentage",
            ["OTEL_TRACES_SAMPLER_ARG"] = "1.0",
        };
        var previous = settings.Keys.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        foreach (var (name, value) in settings)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        try
        {
            await using var gateway = await MeteredGateway.StartAsync(logLevel: "Warning");
            await gateway.SendAsync(TrustedHost);
            using (var scrape = await Client.GetAsync($"http://127.0.0.1:{gateway.HealthPort}/metrics"))
            {
                Assert.Equal(HttpStatusCode.NotFound, scrape.StatusCode);
            }

            // Stopping flushes what the exporters still hold, metrics included.
            Assert.Equal(ExitCodes.Ok, await gateway.StopAsync());
        }
        finally
        {
            foreach (var (name, value) in previous)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        await WaitUntilAsync(() => ingestion.Data("RequestData").Any() && ingestion.Data("MessageData").Any()
            && Metrics(ingestion).Any(), ingestion);
        var requests = ingestion.Data("RequestData").Where(request =>
            request["url"]?.GetValue<string>().StartsWith($"https://{TrustedHost}:", StringComparison.Ordinal) == true
            && request["responseCode"]?.GetValue<string>() == "200").ToList();
        // The call to the backend is a span of the gateway's request.
        Assert.Contains(requests, request => ingestion.Items.Any(item =>
            item["data"]?["baseType"]?.GetValue<string>() == "RemoteDependencyData"
            && item["tags"]?["ai.operation.parentId"]?.GetValue<string>() == request["id"]?.GetValue<string>()
            && item["data"]?["baseData"]?["resultCode"]?.GetValue<string>() == "200"));
        // The exporter's own uploads are not calls of the gateway.
        Assert.DoesNotContain(ingestion.Data("RemoteDependencyData"), call =>
            call["data"]?.GetValue<string>().Contains("/track", StringComparison.Ordinal) == true);
        Assert.Contains(ingestion.Data("MessageData"), message =>
            message["message"]?.GetValue<string>().Contains("UntrustedCa", StringComparison.Ordinal) == true);
        // Gauges go every minute: the flush at the end comes after the configuration is gone, so they are not here.
        Assert.Contains(Metrics(ingestion), metric =>
            metric.Name == "http.server.request.duration"
            && metric.Properties?["http.route"]?.GetValue<string>() == $"httproute/{Namespace}/trusted/rule/0/match/0");
        Assert.Contains(Metrics(ingestion), metric =>
            metric.Name == "azuregateway.backend.tls_handshake.failures"
            && metric.Properties?["error.type"]?.GetValue<string>() == "untrusted_ca");
        Assert.All(ingestion.Items, item => Assert.Equal("azuregateway", item["tags"]?["ai.cloud.role"]?.GetValue<string>()));
    }

    /// <summary>Every metric point sent, with its properties (the tags).</summary>
    private static IEnumerable<(string? Name, JsonObject? Properties)> Metrics(FakeIngestion ingestion) =>
        ingestion.Data("MetricData").SelectMany(data => (data["metrics"]?.AsArray() ?? [])
            .Select(metric => (metric?["name"]?.GetValue<string>(), data["properties"] as JsonObject)));

    private static async Task WaitUntilAsync(Func<bool> condition, FakeIngestion ingestion)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "received:\n" + string.Join("\n", ingestion.Items.Select(i => i.ToJsonString())));
            await Task.Delay(200);
        }
    }
}
