using System.Text;
using System.Text.Json;
using AzureGateway.Model;
using AzureGateway.Model.Validation;
using k8s;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AzureGateway.Sources.Files;

/// <summary>
/// Reads multi-document Kubernetes YAML into typed objects. The one YAML loader: the folder source, the
/// CLI and the golden tests all read manifests through it.
/// </summary>
public static class YamlDocumentLoader
{
    /// <summary>
    /// Parses every document of one file. A syntax error fails the whole file (its line is named). A document of a
    /// kind we do not read is skipped with a warning; so is one the API server would refuse (an alias, more than
    /// <see cref="InputLimits.MaxObjectBytes"/>, a value whose type or limits its schema does not allow, named with its
    /// own line), and the rest still loads. Each document becomes the JSON kubectl would send and is read by the same
    /// JSON reader as an object from a cluster, not by a second, YAML-specific one.
    /// </summary>
    public static FileLoadResult Load(string fileName, string text)
    {
        var objects = new List<IKubernetesObject<V1ObjectMeta>>();
        var warnings = new List<SourceMessage>();
        var stream = new YamlStream();
        var parser = new AliasTrackingParser(new Parser(new StringReader(text)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            return FileLoadResult.Fail(new SourceMessage(fileName, (int)e.Start.Line, e.Message));
        }

        foreach (var (document, index) in stream.Documents.Select((d, i) => (d, i)))
        {
            if (parser.FirstAliases.TryGetValue(index, out var alias))
            {
                warnings.Add(new SourceMessage(fileName, (int)alias.Start.Line,
                    $"document refused: YAML alias *{alias.Value} (the gateway does not expand aliases; write the document out in full)")
                {
                    IsRefusal = true,
                });
                continue;
            }
            if (document.RootNode is not YamlMappingNode root)
            {
                continue; // an empty document between two "---"
            }
            var line = (int)root.Start.Line;
            var apiVersion = Scalar(root, "apiVersion");
            var kind = Scalar(root, "kind");
            if (apiVersion is null || kind is null)
            {
                return FileLoadResult.Fail(new SourceMessage(fileName, line, "document has no apiVersion or kind"));
            }
            if (ResourceKinds.Find(apiVersion, kind) is not { } resourceKind)
            {
                warnings.Add(new SourceMessage(fileName, line, $"{apiVersion} {kind} is not a kind the gateway reads; skipped"));
                continue;
            }
            var json = YamlJson.Convert(root)!.ToJsonString();
            if (InputLimits.ObjectSizeRefusal(kind, Encoding.UTF8.GetByteCount(json)) is { } tooLarge)
            {
                warnings.Add(new SourceMessage(fileName, line, tooLarge) { IsRefusal = true });
                continue;
            }
            IKubernetesObject<V1ObjectMeta> resource;
            try
            {
                resource = resourceKind.Accept(new FromJson(json));
            }
            catch (JsonException e)
            {
                var field = (e.Path ?? "$").TrimStart('$').TrimStart('.');
                var (node, fieldLine) = FieldLocation.Find(root, field);
                warnings.Add(new SourceMessage(fileName, fieldLine, $"{kind} {Name(root)} refused: {field} {Mismatch(node)}") { IsRefusal = true });
                continue;
            }
            Normalize(resource);
            if (SchemaLimits.Check(resource) is { } violation)
            {
                warnings.Add(new SourceMessage(fileName, FieldLocation.Line(root, violation.Field), SchemaLimits.Refusal(resource, violation))
                {
                    IsRefusal = true,
                });
                continue;
            }
            objects.Add(resource);
        }
        return new FileLoadResult(objects, warnings, null);
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar
            ? scalar.Value
            : null;

    private static string Name(YamlMappingNode root) =>
        root.Children.TryGetValue(new YamlScalarNode("metadata"), out var metadata) && metadata is YamlMappingNode meta
            ? Scalar(meta, "namespace") is { Length: > 0 } ns ? $"{ns}/{Scalar(meta, "name")}" : Scalar(meta, "name") ?? ""
            : "";

    /// <summary>What the field holds that its type refuses, with the quoting that makes a plain scalar text.</summary>
    private static string Mismatch(YamlNode node) => node switch
    {
        YamlScalarNode { Style: ScalarStyle.Plain } scalar when YamlJson.TypeName(scalar) != "text" =>
            $"is {scalar.Value}, read as {YamlJson.TypeName(scalar)}, which the field's type does not allow (write \"{scalar.Value}\" if it is meant as text)",
        YamlScalarNode scalar => $"is \"{scalar.Value}\", which the field's type does not allow",
        YamlSequenceNode => "is a list, which the field's type does not allow",
        _ => "is a mapping, which the field's type does not allow",
    };

    /// <summary>Reads the JSON as the kind's own type, as a cluster watch does.</summary>
    private sealed class FromJson(string json) : IResourceKindVisitor<IKubernetesObject<V1ObjectMeta>>
    {
        public IKubernetesObject<V1ObjectMeta> Visit<T>(ResourceKind<T> kind)
            where T : class, IKubernetesObject<V1ObjectMeta> => ModelJson.Deserialize<T>(json);
    }

    /// <summary>Does what the API server does on write, so a file reads like the object a cluster would hold.</summary>
    private static void Normalize(IKubernetesObject<V1ObjectMeta> resource)
    {
        resource.Metadata ??= new V1ObjectMeta();
        if (resource is V1Secret { StringData: { Count: > 0 } stringData } secret)
        {
            secret.Data ??= new Dictionary<string, byte[]>();
            foreach (var (key, value) in stringData)
            {
                secret.Data[key] = System.Text.Encoding.UTF8.GetBytes(value);
            }
            secret.StringData = null;
        }
        resource.Metadata.Generation ??= 1;
    }
}

/// <summary>A message about a place in a file (1-based line; 0 when it concerns the whole file or folder).</summary>
public sealed record SourceMessage(string File, int Line, string Message)
{
    /// <summary>The message refuses a document or file the rest of the folder is served without (not a kind merely skipped).</summary>
    public bool IsRefusal { get; init; }


    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>The objects of one file, the kinds skipped, or the error that made the file unreadable.</summary>
public sealed record FileLoadResult(
    IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects,
    IReadOnlyList<SourceMessage> Warnings,
    SourceMessage? Error)
{
    public static FileLoadResult Fail(SourceMessage error) => new([], [], error);
}
