using System.Text.Json;
using System.Text.Json.Serialization;
using AzureGateway.KeyVault.Bindings;

namespace AzureGateway.KeyVault.Notifying;

/// <summary>The body of a cluster-changed notice: <c>{"objects":[{"kind":"Secret","namespace":"web","name":"site"}]}</c>.</summary>
public sealed record ClusterChange(IReadOnlyList<ChangedObject> Objects)
{
    /// <summary>The most objects one notice may name; the functions app refuses more (a bound on work per call).</summary>
    public const int MaxObjects = 500;

    public static ClusterChange Of(IEnumerable<BoundObject> objects) =>
        new([.. objects.Select(o => new ChangedObject(o.Kind.ToString(), o.Namespace, o.Name))]);
}

public sealed record ChangedObject(string Kind, string Namespace, string Name);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ClusterChange))]
public sealed partial class ClusterChangeJson : JsonSerializerContext;
