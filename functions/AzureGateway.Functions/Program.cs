using AzureGateway.Functions.Events;
using AzureGateway.Functions.Hosting;
using AzureGateway.Functions.Reconcile;
using AzureGateway.KeyVault;
using AzureGateway.KeyVault.Writing.Aks;
using k8s.Exceptions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddCertificateSyncFunctions(builder.Configuration);
builder.Services.AddKeyVaultCertificateSync();
var host = builder.Build();
try
{
    // Built now, so that a missing cluster or a bad setting stops the app with one line instead of failing each event.
    host.Services.GetRequiredService<ICertificateSync>();
    _ = host.Services.GetRequiredService<IOptions<WebhookOptions>>().Value;
    _ = host.Services.GetRequiredService<IOptions<ReconcileOptions>>().Value;
}
catch (KubeConfigException e)
{
    await Console.Error.WriteLineAsync($"AzureGateway.Functions cannot start: no cluster to write Secrets to ({e.Message}); set KUBECONFIG or run in a cluster");
    return 1;
}
catch (Exception e) when (e is ClusterConnectionException or InvalidSettingException or OptionsValidationException)
{
    await Console.Error.WriteLineAsync($"AzureGateway.Functions cannot start: {e.Message}");
    return 1;
}
await host.RunAsync();
return 0;
