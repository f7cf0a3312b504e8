using AzureGateway.Functions.Cluster;
using AzureGateway.Functions.Events;
using AzureGateway.Functions.Reconcile;
using AzureGateway.Telemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AzureGateway.Functions.Hosting;

/// <summary>The services the functions use, with their settings; the certificate sync is registered by the caller.</summary>
internal static class FunctionsServices
{
    public static IServiceCollection AddCertificateSyncFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.MaxBodyBytes > 0, $"{WebhookOptions.Section}:{nameof(WebhookOptions.MaxBodyBytes)} must be positive");
        services.AddOptions<ReconcileOptions>().Bind(configuration.GetSection(ReconcileOptions.Section))
            .Validate(o => o.MinimumInterval >= TimeSpan.Zero, $"{ReconcileOptions.Section}:{nameof(ReconcileOptions.MinimumInterval)} must not be negative");
        services.AddOptions<ClusterChangedOptions>().Bind(configuration.GetSection(ClusterChangedOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<KeyVaultEventMetrics>();
        services.AddSingleton<KeyVaultEventProcessor>();
        services.AddSingleton<ReconcileRuns>();
        if (TelemetrySettings.ConnectionString(name => configuration[name]) is { } connectionString)
        {
            services.AddAzureGatewayTelemetry(new TelemetrySettings
            {
                ServiceName = "azuregateway-functions",
                Application = typeof(FunctionsServices).Assembly,
                // The app's own instruments, and its calls to Key Vault, Resource Manager and the API server.
                Meters = [KeyVaultEventMetrics.MeterName, "System.Net.Http"],
                AzureMonitorConnectionString = connectionString,
            });
            // The invocation's trace context and the worker's own spans (host.json sets telemetryMode OpenTelemetry).
            services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
        }
        return services;
    }
}
