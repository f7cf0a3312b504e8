using System.CommandLine;

namespace AzureGateway.Cli.Tests;

/// <summary>Runs <c>azgw</c> in this process, with its output captured.</summary>
public sealed class Azgw
{
    // Synchronized writers lock themselves; reading under the same lock sees whole writes.
    private readonly TextWriter _output = TextWriter.Synchronized(new StringWriter());
    private readonly TextWriter _error = TextWriter.Synchronized(new StringWriter());

    public string Output => Read(_output);
    public string Error => Read(_error);

    public static async Task<(int ExitCode, Azgw Run)> RunAsync(params string[] args)
    {
        var azgw = new Azgw();
        return (await azgw.InvokeAsync(args, CancellationToken.None), azgw);
    }

    /// <summary>Invokes the command; what it has written so far can be read while it runs.</summary>
    public Task<int> InvokeAsync(string[] args, CancellationToken cancellationToken) =>
        AzgwCommandLine.Create().Parse(args).InvokeAsync(
            new InvocationConfiguration
            {
                Output = _output,
                Error = _error,
                // The test host owns Ctrl+C; commands stop through the token.
                ProcessTerminationTimeout = null,
            },
            cancellationToken);

    private static string Read(TextWriter writer)
    {
        lock (writer)
        {
            return writer.ToString()!;
        }
    }
}
