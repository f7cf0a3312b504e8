using System.ComponentModel;
using System.Diagnostics;

namespace AzureGateway.Infra.Tests;

/// <summary>A command the tests run (bicep, sh, node, npm), from the repository root unless told otherwise.</summary>
internal static class ChildProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>Everything it printed, standard output first.</summary>
        public string Printed => Output + Error;
    }

    public static async Task<Result> RunAsync(
        string file, IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, string? input = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory ?? RepositoryFiles.Root,
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"could not start {file} ({e.Message}): is it installed and on PATH?", e);
        }
        using (process)
        {
            using var stop = new CancellationTokenSource(timeout);
            var output = process.StandardOutput.ReadToEndAsync(stop.Token);
            var error = process.StandardError.ReadToEndAsync(stop.Token);
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input);
                process.StandardInput.Close();
            }
            try
            {
                await process.WaitForExitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeout}");
            }
            return new Result(process.ExitCode, await output, await error);
        }
    }
}
