namespace AzureGateway.Cli.Hosting;

/// <summary>A hosted service cannot start for a reason the user can fix: <c>azgw</c> prints the message as one line and exits with <see cref="ExitCode"/>.</summary>
internal sealed class StartRefusedException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
