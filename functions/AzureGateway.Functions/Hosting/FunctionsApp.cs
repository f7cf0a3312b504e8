using AzureGateway.Functions.Events;
using AzureGateway.Functions.Reconcile;

namespace AzureGateway.Functions.Hosting;

/// <summary>The custom handler: its services and the routes the function.json files name. The certificate sync is registered by the caller.</summary>
internal static class FunctionsApp
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CertificateExpiryMetrics>();
        builder.Services.AddSingleton<KeyVaultEventProcessor>();
        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = SyncFailureResponse.WriteAsync });
        app.MapKeyVaultEvents();
        app.MapReconcile();
        return app;
    }
}
