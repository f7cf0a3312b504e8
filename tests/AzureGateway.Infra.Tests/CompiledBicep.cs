using System.Text.Json.Nodes;

namespace AzureGateway.Infra.Tests;

/// <summary>
/// Every .bicep file of the repository compiled once per test run (one bicep process per folder): the diagnostics
/// and the ARM JSON of each file, keyed by the .bicep path relative to the repository root.
/// </summary>
public sealed class CompiledBicep : IAsyncLifetime
{
    private readonly string _outputRoot = Directory.CreateTempSubdirectory("azuregateway-bicep-").FullName;
    private readonly Dictionary<string, JsonObject> _templates = new(StringComparer.Ordinal);
    private readonly List<string> _diagnostics = [];
    private readonly List<string> _failures = [];

    public IReadOnlyList<string> Sources { get; } = RepositoryFiles.BicepFiles();

    public IReadOnlyDictionary<string, JsonObject> Templates => _templates;

    /// <summary>Warnings, errors and infos, from the compiler and the linter.</summary>
    public IReadOnlyList<string> Diagnostics => _diagnostics;

    /// <summary>Folders whose build exited non-zero, with what bicep printed.</summary>
    public IReadOnlyList<string> Failures => _failures;

    public async Task InitializeAsync()
    {
        foreach (var folder in Sources.Select(f => Path.GetDirectoryName(f)!.Replace('\\', '/')).Distinct())
        {
            var output = Path.Combine(_outputRoot, folder);
            Directory.CreateDirectory(output);
            var run = await BicepCli.BuildFolderAsync(folder, output);
            _diagnostics.AddRange(run.Diagnostics);
            if (run.ExitCode != 0)
            {
                _failures.Add($"{folder}: exit {run.ExitCode}\n{run.Output}");
            }
        }
        foreach (var source in Sources)
        {
            var json = Path.Combine(_outputRoot, Path.ChangeExtension(source, ".json"));
            if (File.Exists(json))
            {
                _templates[source] = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(json))!;
            }
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_outputRoot, recursive: true);
        return Task.CompletedTask;
    }

    public JsonObject Template(string source) =>
        _templates.TryGetValue(source, out var template) ? template : throw new InvalidOperationException($"{source} was not compiled");
}

[CollectionDefinition(Name)]
public sealed class CompiledBicepCollection : ICollectionFixture<CompiledBicep>
{
    public const string Name = "compiled bicep";
}
