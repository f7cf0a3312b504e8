using AzureGateway.Cli.Pipeline;
using AzureGateway.DataPlane;
using AzureGateway.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AzureGateway.Cli;

/// <summary>
/// Logging and OpenTelemetry for <c>azgw run</c>: traces, metrics and logs to Azure Monitor when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set; otherwise metrics for the health port's <c>/metrics</c>
/// when there is a health port; otherwise console logging alone, and no instrument is listened to.
/// </summary>
internal sealed class CliTelemetry : IDisposable
{
    private readonly ServiceProvider _services;

    private CliTelemetry(ServiceProvider services, MeterProvider? scraped, bool traced)
    {
        _services = services;
        LoggerFactory = services.GetRequiredService<ILoggerFactory>();
        ScrapedMetrics = scraped;
        Traced = traced;
    }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The metrics <c>/metrics</c> serves; null when they are not served locally.</summary>
    public MeterProvider? ScrapedMetrics { get; }

    /// <summary>Traces are exported, so requests to backends are worth a span each.</summary>
    public bool Traced { get; }

    public static CliTelemetry Create(LogLevel level, bool healthPort)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => CliLogging.Configure(logging, level));
        var settings = new TelemetrySettings
        {
            ServiceName = "azuregateway",
            Application = typeof(CliTelemetry).Assembly,
            Meters = [GatewayDataPlane.MeterName, GatewayPipeline.MeterName],
            AzureMonitorConnectionString = TelemetrySettings.ConnectionString(Environment.GetEnvironmentVariable),
            // Probes and scrapes on the health port are not worth a trace each.
            TraceRequest = GatewayDataPlane.IsGatewayRequest,
        };
        var exported = !settings.ServesPrometheus || healthPort;
        if (exported)
        {
            services.AddAzureGatewayTelemetry(settings);
        }
        var provider = services.BuildServiceProvider();
        // Without a host nothing else starts the providers: resolving them does.
        var meters = exported ? provider.GetRequiredService<MeterProvider>() : null;
        var traced = provider.GetService<TracerProvider>() is not null;
        return new CliTelemetry(provider, settings.ServesPrometheus ? meters : null, traced);
    }

    /// <summary>Flushes what is still buffered for Azure Monitor.</summary>
    public void Dispose() => _services.Dispose();
}
