using AzureGateway.Cli.Pipeline;
using AzureGateway.DataPlane;
using AzureGateway.Hosting;
using AzureGateway.Sources;
using AzureGateway.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace AzureGateway.Cli.Hosting;

/// <summary>
/// The one host <c>azgw run</c> (both modes) and <c>azgw demo</c> serve in. Its services: console logging,
/// OpenTelemetry (started and flushed by the host), the <see cref="DataPlaneOptions"/> validated at start, and the
/// hosted services in start order: the telemetry providers, the health probes (<c>--health-port</c>), what the mode
/// adds (Kubernetes: the Lease election, the status publisher, the binding notices), and the pipeline last, so it
/// stops first and the others outlive it.
/// </summary>
internal static class GatewayHost
{
    /// <summary>The log category of the host itself (the generic host's internal <c>Host</c> class).</summary>
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>
    /// A builder whose configuration is <paramref name="configuration"/> (the environment, see
    /// <see cref="GatewayConfiguration"/>) with the command line's settings on top. The mode then adds its
    /// <see cref="ISnapshotSource"/> and <see cref="PipelineOptions"/>, and <see cref="RunAsync"/> runs it.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(IConfiguration configuration, HostSettings settings)
    {
        GatewayDataPlane.StartWarmingUp();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(configuration);
        builder.Configuration.AddInMemoryCollection(settings.CommandLine);
        // System.CommandLine turns Ctrl+C and SIGTERM into the command's cancellation, which stops the host.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        // Stopping waits for the pipeline, whose data plane bounds its own draining (DataPlaneOptions.DrainTimeout).
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = Timeout.InfiniteTimeSpan);
        CliLogging.Configure(builder.Logging, settings.LogLevel);
        // A start that fails is reported by RunAsync: one line when a user can fix it (a bad setting, a port in use),
        // else the exception itself. The host's own "failed to start" error would add its stack trace to the log;
        // a hosted service failing later is still logged, at Critical, as the host stops.
        builder.Logging.AddFilter(HostCategory, LogLevel.Critical);

        var telemetry = Telemetry(builder.Configuration);
        // Metrics for a scrape are collected only when there is a port to scrape them on.
        if (!telemetry.ServesPrometheus || settings.HealthPort is not null)
        {
            builder.Services.AddAzureGatewayTelemetry(telemetry);
        }

        var dataPlane = settings.DataPlane with
        {
            // Traces are exported exactly when they go to Azure Monitor: only then is a span per backend request worth its cost.
            TraceBackendRequests = settings.DataPlane.TraceBackendRequests || !telemetry.ServesPrometheus,
            InlineSocketCompletions = settings.DataPlane.InlineSocketCompletions || builder.Configuration[GatewayConfiguration.InlineSocketCompletions] == "1",
        };
        builder.Services.AddOptions<DataPlaneOptions>().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DataPlaneOptions>, DataPlaneOptionsValidation>();
        builder.Services.AddSingleton<IOptionsFactory<DataPlaneOptions>>(services => new DataPlaneOptionsFactory(
            dataPlane, services.GetRequiredService<IConfiguration>(),
            services.GetServices<IConfigureOptions<DataPlaneOptions>>(), services.GetServices<IPostConfigureOptions<DataPlaneOptions>>(),
            services.GetServices<IValidateOptions<DataPlaneOptions>>()));

        if (settings.HealthPort is { } port)
        {
            builder.Services.AddSingleton(services => new HealthService(
                port, services.GetRequiredService<IOptions<DataPlaneOptions>>(), services.GetRequiredService<ILoggerFactory>(),
                telemetry.ServesPrometheus ? services.GetRequiredService<MeterProvider>() : null));
            builder.Services.AddHostedService(services => services.GetRequiredService<HealthService>());
        }
        return builder;
    }

    /// <summary>Whether the metrics are served for a scrape on the health port (they are not sent to Azure Monitor).</summary>
    public static bool ScrapesMetrics(IConfiguration configuration, HostSettings settings) =>
        settings.HealthPort is not null && Telemetry(configuration).ServesPrometheus;

    /// <summary>The gateway's telemetry as <paramref name="configuration"/> asks for it: to Azure Monitor, or for a scrape.</summary>
    private static TelemetrySettings Telemetry(IConfiguration configuration) => new()
    {
        ServiceName = "azuregateway",
        Application = typeof(GatewayHost).Assembly,
        Meters = [GatewayDataPlane.MeterName, GatewayPipeline.MeterName],
        AzureMonitorConnectionString = TelemetrySettings.ConnectionString(name => configuration[name]),
        // Probes and scrapes on the health port are not worth a trace each.
        TraceRequest = GatewayDataPlane.IsGatewayRequest,
    };

    /// <summary>
    /// Adds the pipeline, runs the host until <paramref name="cancellationToken"/> is cancelled or the pipeline
    /// ends, and returns the exit code. Settings refused at start are written to <paramref name="error"/>, one line each.
    /// </summary>
    public static async Task<int> RunAsync(
        HostApplicationBuilder builder, Func<GatewayDataPlane, CancellationToken, Task<int?>>? whileServing, TextWriter error,
        CancellationToken cancellationToken)
    {
        builder.Services.AddSingleton(services => new PipelineService(
            services.GetRequiredService<ISnapshotSource>(), services.GetRequiredService<IOptions<DataPlaneOptions>>(),
            services.GetRequiredService<PipelineOptions>(), services.GetService<HealthService>(),
            services.GetRequiredService<ILoggerFactory>(), services.GetRequiredService<IHostApplicationLifetime>(), whileServing));
        builder.Services.AddHostedService(services => services.GetRequiredService<PipelineService>());
        using var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception e)
        {
            // What did start (the telemetry, the health listener) stops before the command returns.
            await host.StopAsync(CancellationToken.None);
            if (Refusals(e) is { } lines)
            {
                foreach (var line in lines)
                {
                    error.WriteLine($"azgw: {line}");
                }
                return e is StartRefusedException refused ? refused.ExitCode : ExitCodes.Failed;
            }
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
            throw;
        }
        await host.WaitForShutdownAsync(cancellationToken);
        var pipeline = host.Services.GetRequiredService<PipelineService>();
        pipeline.Failure?.Throw();
        return pipeline.ExitCode;
    }

    /// <summary>The lines a failed start is reported in, when a user can fix it; null for a bug.</summary>
    private static IReadOnlyList<string>? Refusals(Exception e) => e switch
    {
        StartRefusedException refused => [refused.Message],
        OptionsValidationException invalid => [.. invalid.Failures],
        AggregateException all when all.InnerExceptions.All(inner => inner is OptionsValidationException) =>
            [.. all.InnerExceptions.Cast<OptionsValidationException>().SelectMany(invalid => invalid.Failures)],
        _ => null,
    };
}
