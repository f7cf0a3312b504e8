using AzureGateway.Functions.Events;
using AzureGateway.Functions.Reconcile;
using AzureGateway.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace AzureGateway.Functions.Hosting;

/// <summary>
/// The custom handler: its services, its telemetry and the routes the function.json files name. The certificate
/// sync is registered by the caller.
/// </summary>
internal static class FunctionsApp
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var telemetry = new TelemetrySettings
        {
            ServiceName = "azuregateway-functions",
            Application = typeof(FunctionsApp).Assembly,
            // The app's own instruments, and its calls to Key Vault, Resource Manager and the API server.
            Meters = [KeyVaultEventMetrics.MeterName, "System.Net.Http"],
            AzureMonitorConnectionString = TelemetrySettings.ConnectionString(name => builder.Configuration[name]),
        };
        builder.Services.AddAzureGatewayTelemetry(telemetry);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<KeyVaultEventMetrics>();
        builder.Services.AddSingleton<KeyVaultEventProcessor>();
        var app = builder.Build();
        if (telemetry.ServesPrometheus)
        {
            // Off Azure only: under the Functions host the app is reached through function routes alone.
            app.UseMetricsEndpoint(app.Services.GetRequiredService<MeterProvider>());
        }
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = SyncFailureResponse.WriteAsync });
        app.MapKeyVaultEvents();
        app.MapReconcile();
        return app;
    }
}
