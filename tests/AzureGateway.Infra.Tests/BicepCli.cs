using System.Reflection;

namespace AzureGateway.Infra.Tests;

/// <summary>The bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package the project restores.</summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>Where NuGet put the binary; the project file records it at build time.</summary>
    public static string Path =>
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepCli").Value
        ?? throw new InvalidOperationException("the BicepCli assembly metadata is empty");

    /// <summary>Compiles every .bicep file directly in <paramref name="folder"/> into <paramref name="outputFolder"/>.</summary>
    public static async Task<BicepRun> BuildFolderAsync(string folder, string outputFolder)
    {
        // Offline and quiet: no telemetry. The linter rules come from the bicepconfig.json bicep finds above each file.
        var run = await ChildProcess.RunAsync(Path, ["build", "--pattern", $"{folder}/*.bicep", "--outdir", outputFolder], Timeout,
            new Dictionary<string, string> { ["BICEP_TELEMETRY_ENABLED"] = "false" });
        return new BicepRun(run.ExitCode, run.Printed);
    }
}

/// <summary>One bicep invocation: its exit code and everything it printed (diagnostics go to stderr).</summary>
internal sealed record BicepRun(int ExitCode, string Output)
{
    /// <summary>The diagnostic lines: "file(line,column) : Warning|Error rule: message".</summary>
    public IReadOnlyList<string> Diagnostics =>
        Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains(" : Warning ", StringComparison.Ordinal)
                || line.Contains(" : Error ", StringComparison.Ordinal)
                || line.Contains(" : Info ", StringComparison.Ordinal))
            .ToList();
}
