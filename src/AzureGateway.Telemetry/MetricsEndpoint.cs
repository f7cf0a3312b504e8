using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Metrics;

namespace AzureGateway.Telemetry;

/// <summary>The Prometheus scrape endpoint, <c>GET /metrics</c>, in the text exposition format.</summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>Answers <see cref="Path"/> with the metrics <paramref name="meterProvider"/> collects; other requests go on.</summary>
    public static IApplicationBuilder UseMetricsEndpoint(this IApplicationBuilder app, MeterProvider meterProvider) =>
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider,
            predicate: context => context.Request.Path == Path,
            path: null,
            configureBranchedPipeline: null,
            optionsName: null);
}
