using AzureGateway.Functions.Hosting;
using AzureGateway.KeyVault;
using AzureGateway.KeyVault.Writing.Aks;
using k8s.Exceptions;

var builder = WebApplication.CreateBuilder(args);
CustomHandlerPort.ListenWhereTheHostExpects(builder);
builder.Services.AddKeyVaultCertificateSync();
var app = FunctionsApp.Build(builder);
try
{
    // Built now, so that a missing cluster or a bad setting stops the app with one line instead of failing each event.
    app.Services.GetRequiredService<ICertificateSync>();
}
catch (KubeConfigException e)
{
    await Console.Error.WriteLineAsync($"AzureGateway.Functions cannot start: no cluster to write Secrets to ({e.Message}); set KUBECONFIG or run in a cluster");
    return 1;
}
catch (Exception e) when (e is ClusterConnectionException or InvalidSettingException)
{
    await Console.Error.WriteLineAsync($"AzureGateway.Functions cannot start: {e.Message}");
    return 1;
}
await app.RunAsync();
return 0;
