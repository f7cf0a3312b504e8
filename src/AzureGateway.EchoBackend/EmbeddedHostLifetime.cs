using Microsoft.Extensions.Hosting;

namespace AzureGateway.EchoBackend;

/// <summary>
/// The echo server's host lives inside a process that owns its own lifetime (the CLI, a test). The default
/// console lifetime would take over Ctrl+C and SIGTERM; this one leaves them to the owner, who stops the
/// server by disposing it.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
