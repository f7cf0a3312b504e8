using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AzureGateway.Sources.Files;

/// <summary>
/// A YAML document as the JSON <c>kubectl</c> sends to the API server, so a manifest in the folder is read by the
/// same JSON reader as an object from a cluster watch. Plain scalars take their type from YAML 1.2's core schema
/// (<c>true</c>, <c>42</c>, <c>1.5</c>, <c>null</c>); quoted scalars, block scalars and scalars tagged <c>!!str</c>
/// stay text. So, as on a cluster, <c>value: true</c> where the schema wants a string is refused, not read as text.
/// </summary>
internal static partial class YamlJson
{
    public static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => Object(mapping),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    /// <summary>How the core schema reads <paramref name="scalar"/>: "a boolean", "an integer", "a number", "null" or "text".</summary>
    public static string TypeName(YamlScalarNode scalar) => Scalar(scalar) switch
    {
        null => "null",
        JsonValue value when value.TryGetValue<bool>(out _) => "a boolean",
        JsonValue value when value.TryGetValue<long>(out _) => "an integer",
        JsonValue value when value.TryGetValue<double>(out _) => "a number",
        _ => "text",
    };

    private static JsonObject Object(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            // Kubernetes objects have text keys only; a key written as a number or boolean is its text, as in kubectl.
            result[key is YamlScalarNode { Value: { } name } ? name : key.ToString()] = Convert(value);
        }
        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || scalar.Tag is { IsNonSpecific: false, IsEmpty: false, Value: "tag:yaml.org,2002:str" })
        {
            return JsonValue.Create(text);
        }
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }
        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(text[0] is 't' or 'T');
        }
        if (Integer().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }
        if (Hexadecimal().IsMatch(text) && long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return JsonValue.Create(hex);
        }
        if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }
        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^0x[0-9a-fA-F]+$")]
    private static partial Regex Hexadecimal();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
