using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using AzureGateway.KeyVault.Bindings;

namespace AzureGateway.KeyVault.Notifying;

/// <summary>The body of a cluster-changed notice: <c>{"objects":[{"kind":"Secret","namespace":"web","name":"site"}]}</c>.</summary>
public sealed partial record ClusterChange(IReadOnlyList<ChangedObject> Objects)
{
    /// <summary>The most objects one notice may name; the functions app refuses more (a bound on work per call).</summary>
    public const int MaxObjects = 500;

    public static ClusterChange Of(IEnumerable<BoundObject> objects) =>
        new([.. objects.Select(o => new ChangedObject(o.Kind.ToString(), o.Namespace, o.Name))]);

    /// <summary>
    /// Reads a notice as the functions app receives it: the objects it names, or a one-line reason it is refused. The
    /// names become API server paths, so only names Kubernetes itself allows pass.
    /// </summary>
    public static bool TryRead(BinaryData body, [NotNullWhen(true)] out IReadOnlyList<BoundObject>? objects, [NotNullWhen(false)] out string? problem)
    {
        objects = null;
        ClusterChange? change;
        try
        {
            change = JsonSerializer.Deserialize(body, ClusterChangeJson.Default.ClusterChange);
        }
        catch (JsonException e)
        {
            problem = $"the body is not a cluster change notice: {e.Message}";
            return false;
        }
        if (change?.Objects is not { } named)
        {
            problem = "the body has no \"objects\" list";
            return false;
        }
        if (named.Count > MaxObjects)
        {
            problem = $"the notice names {named.Count} objects, more than {MaxObjects}";
            return false;
        }
        var read = new List<BoundObject>(named.Count);
        for (var i = 0; i < named.Count; i++)
        {
            if (Problem(named[i]) is { } found)
            {
                problem = $"objects[{i}]: {found}";
                return false;
            }
            read.Add(BoundObject.At(Enum.Parse<ObjectKind>(named[i].Kind), named[i].Namespace, named[i].Name));
        }
        objects = read;
        problem = null;
        return true;
    }

    private static string? Problem(ChangedObject? named) => named switch
    {
        null => "null is not an object",
        { Kind: not (nameof(ObjectKind.Secret) or nameof(ObjectKind.ConfigMap)) } => $"kind \"{named.Kind}\" is not Secret or ConfigMap",
        _ when named.Namespace is not { Length: <= 63 } || !DnsLabel().IsMatch(named.Namespace) => $"namespace \"{named.Namespace}\" is not a Kubernetes namespace name",
        _ when named.Name is not { Length: <= 253 } || !DnsSubdomain().IsMatch(named.Name) => $"name \"{named.Name}\" is not a Kubernetes object name",
        _ => null,
    };

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\z")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z")]
    private static partial Regex DnsSubdomain();
}

public sealed record ChangedObject(string Kind, string Namespace, string Name);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ClusterChange))]
public sealed partial class ClusterChangeJson : JsonSerializerContext;
