using Microsoft.Extensions.Hosting;

namespace AzureGateway.DataPlane;

/// <summary>
/// The data plane's host lives inside a process that owns its own lifetime (the CLI, a test). The default
/// console lifetime would take over Ctrl+C and SIGTERM and keep the process running; this one leaves them
/// to the owner, who stops the data plane by disposing it.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
