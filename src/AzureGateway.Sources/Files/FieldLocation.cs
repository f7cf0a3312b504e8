using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace AzureGateway.Sources.Files;

/// <summary>
/// Finds the line of a field, named as a refusal names it (<c>spec.rules[3].matches</c>), in a parsed document, so
/// that a refusal points at the field and not only at the document. A part of the path the document does not hold
/// (<c>[*]</c>, a default the API server would fill in) leaves the line of the deepest part found.
/// </summary>
internal static partial class FieldLocation
{
    public static int Line(YamlMappingNode root, string field) => Find(root, field).Line;

    /// <summary>The deepest node of <paramref name="field"/> the document holds, and the line a reader looks at for it.</summary>
    public static (YamlNode Node, int Line) Find(YamlMappingNode root, string field)
    {
        (YamlNode Node, int Line) found = (root, (int)root.Start.Line);
        foreach (Match part in Part().Matches(field))
        {
            if ((part.Groups["key"].Success ? Entry(found.Node, part.Groups["key"].Value) : Item(found.Node, part.Groups["index"].Value)) is not { } next)
            {
                break;
            }
            found = next;
        }
        return found;
    }

    /// <summary>A mapping's value, with the line of its key: the key is where a reader looks for the field.</summary>
    private static (YamlNode Node, int Line)? Entry(YamlNode node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: var k } && k == key) is { Key: { } name } entry
            ? (entry.Value, (int)name.Start.Line)
            : null;

    private static (YamlNode Node, int Line)? Item(YamlNode node, string index) =>
        node is YamlSequenceNode sequence && int.TryParse(index, out var i) && i < sequence.Children.Count
            ? (sequence.Children[i], (int)sequence.Children[i].Start.Line)
            : null;

    [GeneratedRegex(@"(?<key>[^.\[\]]+)|\[(?<index>[^\]]+)\]")]
    private static partial Regex Part();
}
