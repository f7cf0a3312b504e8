using System.Text.Json.Nodes;
using k8s;
using YamlDotNet.RepresentationModel;

namespace AzureGateway.Deploy.Tests;

/// <summary>The YAML under <c>deploy/</c>, read the two ways the checks need: as JSON trees and as typed objects.</summary>
internal static class DeployManifests
{
    /// <summary>Every YAML file under deploy/, relative to it, in a stable order.</summary>
    public static IReadOnlyList<string> Files() =>
        Directory.EnumerateFiles(RepositoryFiles.DeployFolder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepositoryFiles.DeployFolder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static string Text(string file) => File.ReadAllText(Path.Combine(RepositoryFiles.DeployFolder, file));

    /// <summary>Each document of <paramref name="file"/> as a JSON tree (scalars stay strings); throws if it does not parse.</summary>
    public static IReadOnlyList<JsonObject> Documents(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Text(file)));
        return stream.Documents.Select(d => (JsonObject)ToJson(d.RootNode)).ToList();
    }

    /// <summary>The built-in Kubernetes objects of <paramref name="file"/>, typed by KubernetesClient.</summary>
    public static IReadOnlyList<object> Typed(string file) => KubernetesYaml.LoadAllFromString(Text(file));

    public static T Single<T>(string file) => Assert.Single(Typed(file).OfType<T>());

    private static JsonNode ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(
            c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, (JsonNode?)ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(c => (JsonNode?)ToJson(c)).ToArray()),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };
}
