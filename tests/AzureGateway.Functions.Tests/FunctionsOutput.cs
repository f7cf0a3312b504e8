using System.Reflection;
using System.Text.Json.Nodes;

namespace AzureGateway.Functions.Tests;

/// <summary>What the Functions SDK wrote into the functions project's build output, which the Functions host reads.</summary>
public static class FunctionsOutput
{
    public static string Path { get; } = typeof(FunctionsOutput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "FunctionsOutput").Value!;

    /// <summary>The functions the host indexes, by name, from the SDK-generated <c>functions.metadata</c>.</summary>
    public static IReadOnlyDictionary<string, JsonObject> Functions =>
        Read("functions.metadata").AsArray().Select(f => f!.AsObject()).ToDictionary(f => f["name"]!.GetValue<string>());

    public static JsonNode Read(string file) =>
        JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(Path, file))) ?? throw new InvalidDataException($"{file} is empty");
}
