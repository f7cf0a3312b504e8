using System.Diagnostics;

namespace AzureGateway.Infra.Tests;

/// <summary>Running the azd hook scripts (infra/hooks) with the machine's POSIX sh.</summary>
internal static class HookScripts
{
    public sealed record Run(int ExitCode, string Output);

    /// <summary>`sh -n`: the script parses, without running anything.</summary>
    public static Run Parse(string script) => Execute(["-n", script], new Dictionary<string, string>());

    public static Run Execute(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("sh")
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start sh");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sh {string.Join(' ', arguments)} did not finish within 2 minutes");
        }
        return new Run(process.ExitCode, output + error.GetAwaiter().GetResult());
    }
}
