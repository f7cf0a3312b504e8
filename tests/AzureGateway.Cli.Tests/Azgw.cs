using System.CommandLine;
using Microsoft.Extensions.Configuration;

namespace AzureGateway.Cli.Tests;

/// <summary>Runs <c>azgw</c> in this process, with its output captured.</summary>
public sealed class Azgw
{
    private readonly StringWriter _outputText = new();
    private readonly StringWriter _errorText = new();
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly IConfiguration? _environment;

    /// <param name="environment">What azgw reads instead of the process's environment; null for the process's.</param>
    public Azgw(IConfiguration? environment = null)
    {
        _environment = environment;
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
        AzgwCommandLine.Create(_environment).Parse(args).InvokeAsync(
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
