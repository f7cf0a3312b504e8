using System.Runtime.ExceptionServices;
using AzureGateway.Cli.Pipeline;
using AzureGateway.DataPlane;
using AzureGateway.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AzureGateway.Cli.Hosting;

/// <summary>
/// The <see cref="GatewayPipeline"/> as a hosted service: it serves until the host stops, or ends by itself (the
/// command's <c>whileServing</c> gave an exit code, or serving failed) and then stops the host. The exit code and
/// any failure are kept for the command to return or raise.
/// </summary>
internal sealed class PipelineService(
    ISnapshotSource source, IOptions<DataPlaneOptions> dataPlane, PipelineOptions options, HealthService? health,
    ILoggerFactory loggerFactory, IHostApplicationLifetime lifetime,
    Func<GatewayDataPlane, CancellationToken, Task<int?>>? whileServing) : BackgroundService
{
    public int ExitCode { get; private set; } = ExitCodes.Ok;

    public ExceptionDispatchInfo? Failure { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            ExitCode = await GatewayPipeline.ServeAsync(source, dataPlane.Value, loggerFactory, stoppingToken, whileServing,
                options with { Readiness = health is null ? null : health.Report });
        }
        catch (Exception e)
        {
            Failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}
