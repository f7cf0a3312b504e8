using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AzureGateway.Deploy.Tests;

/// <summary>
/// Which JSON fields a model type reads that an OpenAPI v3 schema does not declare. A field must be declared by
/// name: <c>x-kubernetes-preserve-unknown-fields</c> keeps fields, it does not validate them, so it does not count.
/// A property typed <see cref="object"/> takes any JSON value without looking inside it, so any declared type fits
/// it (Envoy Gateway's <c>enableProxyProtocol</c> is a boolean, <c>targetSelectors</c> a list).
/// </summary>
internal static class SchemaCoverage
{
    /// <summary>Each problem as "path: why", empty when the schema declares every field of <paramref name="type"/>.</summary>
    public static IReadOnlyList<string> Problems(Type type, JsonObject schema)
    {
        var problems = new List<string>();
        CheckObject(type, schema, "", problems);
        return problems;
    }

    private static void CheckObject(Type type, JsonObject schema, string path, List<string> problems)
    {
        var properties = schema["properties"] as JsonObject;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var name = JsonName(property);
            var fieldPath = path.Length == 0 ? name : $"{path}.{name}";
            if (properties?[name] is not JsonObject field)
            {
                problems.Add($"{fieldPath}: not declared");
                continue;
            }
            // Object metadata is the API server's, not the CRD's to describe.
            if (path.Length == 0 && name == "metadata")
            {
                continue;
            }
            CheckValue(property.PropertyType, field, fieldPath, problems);
        }
    }

    private static void CheckValue(Type type, JsonObject schema, string path, List<string> problems)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var declared = schema["type"]?.GetValue<string>();
        if (type == typeof(object))
        {
            if (declared is null)
            {
                problems.Add($"{path}: declared without a type");
            }
            return;
        }
        var expected = JsonType(type);
        if (declared != expected)
        {
            problems.Add($"{path}: declared {declared ?? "without a type"}, read as {expected}");
            return;
        }
        if (expected == "array")
        {
            if (schema["items"] is JsonObject items)
            {
                CheckValue(ElementType(type), items, path + "[]", problems);
            }
            else
            {
                problems.Add($"{path}: an array without items");
            }
        }
        else if (expected == "object")
        {
            CheckObject(type, schema, path, problems);
        }
    }

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static string JsonType(Type type) => type switch
    {
        _ when type == typeof(string) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type.IsEnum => "string",
        _ when type == typeof(bool) => "boolean",
        _ when type == typeof(int) || type == typeof(long) => "integer",
        _ when type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) => "array",
        _ => "object",
    };

    private static Type ElementType(Type type) =>
        type.IsArray ? type.GetElementType()! : type.GetInterfaces().Append(type)
            .First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)).GetGenericArguments()[0];
}
