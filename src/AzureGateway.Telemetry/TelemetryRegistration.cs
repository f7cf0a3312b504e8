using System.Reflection;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AzureGateway.Telemetry;

/// <summary>The OpenTelemetry setup the gateway and the functions app share.</summary>
public static class TelemetryRegistration
{
    /// <summary>ASP.NET Core's own request metric, <c>http.server.request.duration</c>.</summary>
    public const string HostingMeter = "Microsoft.AspNetCore.Hosting";

    /// <summary>
    /// Registers OpenTelemetry with <paramref name="settings"/>: metrics always; traces (incoming requests and
    /// outgoing HTTP calls) and logs too when they go to Azure Monitor. A host starts the providers; without a
    /// host, resolving <see cref="MeterProvider"/> and <see cref="TracerProvider"/> starts them.
    /// </summary>
    public static IServiceCollection AddAzureGatewayTelemetry(this IServiceCollection services, TelemetrySettings settings)
    {
        var connectionString = settings.AzureMonitorConnectionString;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                settings.ServiceName,
                serviceVersion: settings.Application.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([HostingMeter, .. settings.Meters]);
                if (connectionString is null)
                {
                    metrics.AddPrometheusExporter();
                }
                else
                {
                    metrics.AddAzureMonitorMetricExporter(options => AzureMonitor(options, connectionString));
                }
            });
        if (connectionString is not null)
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation(options =>
                    {
                        if (settings.TraceRequest is { } traceRequest)
                        {
                            options.Filter = traceRequest;
                        }
                    })
                    .AddHttpClientInstrumentation(options =>
                    {
                        // The exporter's own uploads would otherwise show up as calls the application makes.
                        var ingestion = Ingestion(connectionString);
                        options.FilterHttpRequestMessage = request =>
                            !string.Equals(request.RequestUri?.Authority, ingestion, StringComparison.OrdinalIgnoreCase);
                    })
                    .AddAzureMonitorTraceExporter(options => AzureMonitor(options, connectionString)))
                .WithLogging(
                    logging => logging.AddAzureMonitorLogExporter(options => AzureMonitor(options, connectionString)),
                    // The portal shows a log line as it reads on the console, not its template.
                    options => options.IncludeFormattedMessage = true);
        }
        return services;
    }

    /// <summary>Where telemetry is uploaded to (host and port): the connection string's <c>IngestionEndpoint</c>, else the global one.</summary>
    private static string Ingestion(string connectionString)
    {
        var endpoint = connectionString.Split(';')
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0].Trim().Equals("IngestionEndpoint", StringComparison.OrdinalIgnoreCase))
            .Select(pair => pair[1].Trim())
            .FirstOrDefault();
        return Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri.Authority : "dc.services.visualstudio.com";
    }

    private static void AzureMonitor(AzureMonitorExporterOptions options, string connectionString)
    {
        options.ConnectionString = connectionString;
        // Live Metrics comes only with the exporter's all-signals registration (UseAzureMonitorExporter); both
        // processes use the per-signal exporters, which take the settings below the same way.
        options.EnableLiveMetrics = false;
        // Traces are sampled (5 a second); a warning about a failing backend must reach the portal all the same.
        options.EnableTraceBasedLogsSampler = false;
    }
}
