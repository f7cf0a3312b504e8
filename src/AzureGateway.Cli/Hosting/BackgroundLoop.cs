using Microsoft.Extensions.Hosting;

namespace AzureGateway.Cli.Hosting;

/// <summary>
/// A loop that runs until cancelled (the Lease election, the status publisher) as a hosted service: started with the
/// host, stopped with it.
/// </summary>
internal sealed class BackgroundLoop(Func<CancellationToken, Task> run) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => run(stoppingToken);
}
