using System.Text.Json.Nodes;

namespace AzureGateway.Functions.Tests;

/// <summary>The Functions app root in the repository: host.json and one folder with a function.json per function.</summary>
public static class FunctionsFolder
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Path => System.IO.Path.Combine(RepositoryRoot, "functions");

    public static JsonObject HostJson => Read(System.IO.Path.Combine(Path, "host.json"));

    /// <summary>Every function the host would load, by name.</summary>
    public static IReadOnlyDictionary<string, JsonObject> Functions =>
        Directory.GetDirectories(Path)
            .Where(d => File.Exists(System.IO.Path.Combine(d, "function.json")))
            .ToDictionary(d => System.IO.Path.GetFileName(d), d => Read(System.IO.Path.Combine(d, "function.json")));

    private static JsonObject Read(string file) =>
        JsonNode.Parse(File.ReadAllText(file))?.AsObject() ?? throw new InvalidDataException($"{file} is empty");

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "AzureGateway.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("AzureGateway.sln not found above the test binaries");
    }
}
