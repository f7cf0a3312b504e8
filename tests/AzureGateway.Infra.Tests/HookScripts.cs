namespace AzureGateway.Infra.Tests;

/// <summary>Running the azd hook scripts (infra/hooks) with the machine's POSIX sh.</summary>
internal static class HookScripts
{
    public sealed record Run(int ExitCode, string Output);

    /// <summary>`sh -n`: the script parses, without running anything.</summary>
    public static Run Parse(string script) => Execute(["-n", script], new Dictionary<string, string>());

    public static Run Execute(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var run = ChildProcess.RunAsync("sh", arguments, TimeSpan.FromMinutes(2), environment).GetAwaiter().GetResult();
        return new Run(run.ExitCode, run.Printed);
    }
}
