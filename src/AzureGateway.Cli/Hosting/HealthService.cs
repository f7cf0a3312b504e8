using AzureGateway.DataPlane;
using AzureGateway.DataPlane.Health;
using AzureGateway.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace AzureGateway.Cli.Hosting;

/// <summary>
/// <c>--health-port</c>: the <see cref="HealthServer"/> as a hosted service, with the metrics scrape beside the probes
/// when metrics are not sent to Azure Monitor. It starts before the pipeline and stops after it, so probes are
/// answered (503 until a configuration is served) for the whole time the gateway runs.
/// </summary>
/// <remarks>
/// The probes keep a listener of their own, apart from the host's services, because a pod's probe port must answer
/// however the Gateway ports come and go; <see cref="HealthServer"/> is that listener.
/// </remarks>
internal sealed class HealthService(
    int port, IOptions<DataPlaneOptions> dataPlane, ILoggerFactory loggerFactory, MeterProvider? scrapedMetrics) : IHostedService
{
    private HealthServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _server = await HealthServer.StartAsync(dataPlane.Value.ListenAddress, port, loggerFactory, cancellationToken,
                scrapedMetrics is null ? null : app => app.UseMetricsEndpoint(scrapedMetrics));
        }
        catch (IOException e)
        {
            throw new StartRefusedException($"--health-port {port}: {e.Message}", ExitCodes.Failed);
        }
    }

    /// <summary>What <c>/readyz</c> answers from now on: ready when <paramref name="notReadyReason"/> is null.</summary>
    public void Report(string? notReadyReason)
    {
        if (_server is not { } server)
        {
            return;
        }
        if (notReadyReason is null)
        {
            server.MarkReady();
        }
        else
        {
            server.MarkNotReady(notReadyReason);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { } server)
        {
            await server.DisposeAsync();
        }
    }
}
