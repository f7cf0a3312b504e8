using System.CommandLine;
using AzureGateway.DataPlane;
using AzureGateway.DataPlane.Health;
using AzureGateway.Telemetry;

namespace AzureGateway.Cli.Commands;

/// <summary>
/// <c>--health-port N</c>: where the cluster's liveness and readiness probes are answered, and the metrics scraped
/// when they are not sent to Azure Monitor; off when absent.
/// </summary>
internal static class HealthPort
{
    public static Option<int?> Option()
    {
        var option = new Option<int?>("--health-port")
        {
            Description = "Serve /healthz (200 while running), /readyz (200 while a configuration is served, 503 before it or when its Gateways yield no listener) and /metrics (Prometheus, unless APPLICATIONINSIGHTS_CONNECTION_STRING is set) on this port",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > 65535)
            {
                result.AddError("--health-port must be between 1 and 65535");
            }
        });
        return option;
    }

    /// <summary>
    /// Serves with the health endpoints on <paramref name="healthPort"/> when one is given: <paramref name="serve"/>
    /// gets the readiness to report after each configuration served (null without a health port). The metrics
    /// scrape, when metrics are served locally, is on the same port.
    /// </summary>
    public static async Task<int> ServeAsync(
        int? healthPort, DataPlaneOptions dataPlaneOptions, CliTelemetry telemetry, TextWriter error, CancellationToken cancellationToken,
        Func<Action<string?>?, Task<int>> serve)
    {
        if (healthPort is not { } port)
        {
            return await serve(null);
        }
        HealthServer health;
        try
        {
            var metrics = telemetry.ScrapedMetrics;
            health = await HealthServer.StartAsync(dataPlaneOptions.ListenAddress, port, telemetry.LoggerFactory, cancellationToken,
                metrics is null ? null : app => app.UseMetricsEndpoint(metrics));
        }
        catch (IOException e)
        {
            error.WriteLine($"azgw: --health-port {port}: {e.Message}");
            return ExitCodes.Failed;
        }
        await using (health)
        {
            return await serve(notReadyReason =>
            {
                if (notReadyReason is null)
                {
                    health.MarkReady();
                }
                else
                {
                    health.MarkNotReady(notReadyReason);
                }
            });
        }
    }
}
