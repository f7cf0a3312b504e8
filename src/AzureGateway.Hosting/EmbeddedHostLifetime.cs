using Microsoft.Extensions.Hosting;

namespace AzureGateway.Hosting;

/// <summary>
/// For a host that lives inside a process owning its own lifetime: <c>azgw</c>, where System.CommandLine turns
/// Ctrl+C and SIGTERM into the command's cancellation, and the tests. The default console lifetime would take
/// those signals over and keep the process running; this one leaves them to the owner, who stops the host.
/// </summary>
/// <remarks>
/// The data plane, the echo backend and the CLI's host all need it and share no other project; a project of its
/// own keeps one copy without making the echo backend depend on the data plane.
/// </remarks>
public sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
