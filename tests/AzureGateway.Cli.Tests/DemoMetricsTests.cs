using System.Text.RegularExpressions;

namespace AzureGateway.Cli.Tests;

/// <summary>
/// <c>azgw demo --health-port</c> prints what its own <c>/metrics</c> counted for the demo request. Meters are the
/// process's, so this runs with the other metrics tests, alone.
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed partial class DemoMetricsTests
{
    [Fact]
    public async Task TheDemoShowsItsRequestAndCertificatesOnMetrics()
    {
        var port = FreePort.Next();
        var healthPort = FreePort.Next();

        var (exitCode, run) = await Azgw.RunAsync(
            "demo", "--once", "--port-offset", (port - 443).ToString(), "--health-port", healthPort.ToString(), "--log-level", "Warning");

        try
        {
            Assert.True(exitCode == ExitCodes.Ok, run.Output + run.Error);
            var counted = run.Output[run.Output.IndexOf($"What the gateway counted (http://127.0.0.1:{healthPort}/metrics", StringComparison.Ordinal)..];
            Assert.Matches(RouteCount(), counted);
            foreach (var usage in new[] { "listener", "client", "trusted_ca", "client_ca" })
            {
                Assert.Contains($"azuregateway_certificate_usage=\"{usage}\"", counted, StringComparison.Ordinal);
            }
            Assert.Contains("azuregateway_config_reloads_total{otel_scope_name=\"AzureGateway.Pipeline\",azuregateway_config_result=\"applied\"} 1", counted, StringComparison.Ordinal);
            // The echo backend's own requests (no route) and the histogram buckets are left out.
            Assert.DoesNotContain("_bucket", counted, StringComparison.Ordinal);
            Assert.All(counted.Split('\n').Where(line => line.Contains("http_server_request_duration_seconds_count", StringComparison.Ordinal)),
                line => Assert.Contains("http_route=", line, StringComparison.Ordinal));
        }
        finally
        {
            DemoFolders.Delete(run.Output);
        }
    }

    [GeneratedRegex(@"http_server_request_duration_seconds_count\{[^}]*http_response_status_code=""200"",http_route=""httproute/test-infra/https-route/rule/0/match/0""[^}]*\} [1-9]")]
    private static partial Regex RouteCount();
}
