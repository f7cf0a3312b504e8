using System.CommandLine;

namespace AzureGateway.Cli.Tests;

/// <summary>Runs <c>azgw</c> in this process, with its output captured.</summary>
public sealed class Azgw
{
    private readonly StringWriter _outputText = new();
    private readonly StringWriter _errorText = new();
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    public Azgw()
    {
        _output = TextWriter.Synchronized(_outputText);
        _error = TextWriter.Synchronized(_errorText);
    }

    public string Output => Read(_output, _outputText);
    public string Error => Read(_error, _errorText);

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

    /// <summary>A synchronized writer locks itself while writing; reading under that lock sees whole writes.</summary>
    private static string Read(TextWriter synchronized, StringWriter text)
    {
        lock (synchronized)
        {
            return text.ToString();
        }
    }
}
