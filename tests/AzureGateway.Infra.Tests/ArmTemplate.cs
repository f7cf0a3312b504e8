using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AzureGateway.Infra.Tests;

/// <summary>Reading compiled ARM templates: their resources (modules' nested templates included) and expressions.</summary>
internal static partial class ArmTemplate
{
    /// <summary>
    /// Every resource of <paramref name="template"/> and of the templates nested in its deployments, each with the
    /// template it is declared in (whose variables its expressions refer to).
    /// </summary>
    public static IEnumerable<(JsonObject Resource, JsonObject Template)> Resources(JsonObject template)
    {
        // languageVersion 2.0 templates (those with imports or user-defined functions) key resources by symbolic name.
        var resources = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject byName => byName.Select(pair => pair.Value).OfType<JsonObject>(),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return (resource, template);
            if (Type(resource) == "Microsoft.Resources/deployments"
                && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    public static string Type(JsonObject resource) => resource["type"]?.GetValue<string>() ?? "";

    public static string Name(JsonObject resource) => resource["name"]?.ToString() ?? "(unnamed)";

    /// <summary>
    /// The role definition GUID a role assignment names, written as a literal or as a variable of its template
    /// holding one; null when it is neither (a parameter, a computed value).
    /// </summary>
    public static string? RoleDefinitionGuid(JsonObject assignment, JsonObject template)
    {
        var expression = assignment["properties"]?["roleDefinitionId"]?.ToString() ?? "";
        var literal = GuidLiteral().Match(expression);
        if (literal.Success)
        {
            return literal.Groups["guid"].Value.ToLowerInvariant();
        }
        var variable = VariableReference().Match(expression);
        if (variable.Success && template["variables"]?[variable.Groups["name"].Value] is JsonValue value
            && value.TryGetValue<string>(out var text) && Guid.TryParse(text, out _))
        {
            return text.ToLowerInvariant();
        }
        return null;
    }

    [GeneratedRegex(@"'(?<guid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})'")]
    private static partial Regex GuidLiteral();

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)")]
    private static partial Regex VariableReference();
}
