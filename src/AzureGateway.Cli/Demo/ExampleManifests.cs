using System.Text;
using YamlDotNet.RepresentationModel;

namespace AzureGateway.Cli.Demo;

/// <summary>The scenarios of the repository's <c>examples/</c> folder, embedded in the binary.</summary>
public static class ExampleManifests
{
    public const string Agc = "agc-backend-mtls.yaml";
    public const string EnvoyGateway = "envoy-gateway-backend-mtls.yaml";

    public static string Read(string name)
    {
        using var stream = typeof(ExampleManifests).Assembly.GetManifestResourceStream($"examples/{name}")
            ?? throw new ArgumentException($"no embedded example named {name}", nameof(name));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Sets the port of every EndpointSlice in <paramref name="yaml"/>. The text is edited in place at the
    /// positions the parser reports, so comments and layout stay as the user will read them.
    /// </summary>
    public static string WithEndpointSlicePort(string yaml, int port)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var portNodes = stream.Documents
            .Select(d => d.RootNode)
            .OfType<YamlMappingNode>()
            .Where(root => Child(root, "kind") is YamlScalarNode { Value: "EndpointSlice" })
            .SelectMany(root => Child(root, "ports") is YamlSequenceNode ports ? ports.Children.OfType<YamlMappingNode>() : [])
            .Select(entry => Child(entry, "port"))
            .OfType<YamlScalarNode>()
            .OrderByDescending(node => node.Start.Index)
            .ToList();
        if (portNodes.Count == 0)
        {
            throw new ArgumentException("the YAML has no EndpointSlice port to set", nameof(yaml));
        }
        var text = new StringBuilder(yaml);
        foreach (var node in portNodes)
        {
            var start = (int)node.Start.Index;
            text.Remove(start, (int)node.End.Index - start).Insert(start, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
}
