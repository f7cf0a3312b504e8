using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace AzureGateway.Infra.Tests;

/// <summary>A YAML document as a JSON tree, the shape JSON Schemas (and so azd's) describe; scalars stay strings.</summary>
internal static class YamlDocument
{
    public static JsonObject Parse(string yaml) =>
        ParseNode(yaml) as JsonObject ?? throw new InvalidOperationException("the document is not a mapping");

    /// <summary>A document whose root may be a sequence too, such as a JSON 6902 patch.</summary>
    public static JsonNode? ParseNode(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return ToJson(Assert.Single(stream.Documents).RootNode);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(
            c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };

    // Plain true/false are booleans for azd (remoteBuild, continueOnError); everything else is kept as text.
    private static JsonNode? Scalar(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is "true" or "false"
            ? JsonValue.Create(scalar.Value == "true")
            : JsonValue.Create(scalar.Value ?? "");
}
