using System.Text.Json;

namespace AzureGateway.Infra.Tests;

/// <summary>
/// Microsoft's Kusto language service (the npm package @kusto/language-service-next, pinned in Kql/package.json and
/// installed by the first check), run with Node.js by Kql/check.js: it parses a query and binds it to the tables given,
/// as the portal's editor does, and returns its errors.
/// </summary>
internal static class KustoLanguageService
{
    private static readonly string Folder = RepositoryFiles.File("tests", "AzureGateway.Infra.Tests", "Kql");
    private static readonly Lazy<Task> Installed = new(InstallAsync);

    /// <summary>For each query, the errors found binding it to <paramref name="tables"/> (name → "(column:type, ...)"); empty when it is valid.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> ErrorsAsync(IReadOnlyDictionary<string, string> tables, IReadOnlyList<string> queries)
    {
        await Installed.Value;
        var run = await ChildProcess.RunAsync("node", ["check.js"], TimeSpan.FromMinutes(2),
            input: JsonSerializer.Serialize(new { tables, queries }), workingDirectory: Folder);
        Assert.True(run.ExitCode == 0, $"node check.js failed:\n{run.Printed}");
        return JsonSerializer.Deserialize<List<List<string>>>(run.Output)!;
    }

    private static async Task InstallAsync()
    {
        if (Directory.Exists(Path.Combine(Folder, "node_modules", "@kusto", "language-service-next")))
        {
            return;
        }
        // The version is exact in package.json and the package has no dependencies: no lock file is needed.
        var run = await ChildProcess.RunAsync("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock"], TimeSpan.FromMinutes(5),
            workingDirectory: Folder);
        Assert.True(run.ExitCode == 0, $"npm install in {Folder} failed:\n{run.Printed}");
    }
}
