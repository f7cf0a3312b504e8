using AzureGateway.Functions.Hosting;
using AzureGateway.KeyVault;

var builder = WebApplication.CreateBuilder(args);
CustomHandlerPort.ListenWhereTheHostExpects(builder);
if (!CertificateSyncComposition.TryAddCertificateSync(builder.Services, typeof(ICertificateSync).Assembly, out var problem))
{
    await Console.Error.WriteLineAsync(problem);
    return 1;
}
await FunctionsApp.Build(builder).RunAsync();
return 0;
