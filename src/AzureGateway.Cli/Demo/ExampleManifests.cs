using System.Text;
using YamlDotNet.RepresentationModel;

namespace AzureGateway.Cli.Demo;

/// <summary>The scenarios of the repository's <c>examples/</c> folder, embedded in the binary.</summary>
public static class ExampleManifests
{
    public const string Agc = "agc-backend-mtls.yaml";
    public const string AgcFrontend = "agc-frontend-mtls.yaml";
    public const string EnvoyGateway = "envoy-gateway-backend-mtls.yaml";

    public static string Read(string name)
    {
        using var stream = typeof(ExampleManifests).Assembly.GetManifestResourceStream($"examples/{name}")
            ?? throw new ArgumentException($"no embedded example named {name}", nameof(name));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Points every backend in <paramref name="yaml"/> at <paramref name="port"/>: the ports of EndpointSlices and of
    /// Envoy Gateway Backend endpoints. The text is edited in place at the positions the parser reports, so comments
    /// and layout stay as the user will read them.
    /// </summary>
    public static string WithBackendPort(string yaml, int port)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var portNodes = stream.Documents
            .Select(d => d.RootNode)
            .OfType<YamlMappingNode>()
            .SelectMany(BackendPorts)
            .OfType<YamlScalarNode>()
            .OrderByDescending(node => node.Start.Index)
            .ToList();
        if (portNodes.Count == 0)
        {
            throw new ArgumentException("the YAML has no EndpointSlice or Backend port to set", nameof(yaml));
        }
        var text = new StringBuilder(yaml);
        foreach (var node in portNodes)
        {
            var start = (int)node.Start.Index;
            text.Remove(start, (int)node.End.Index - start).Insert(start, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    private static IEnumerable<YamlNode?> BackendPorts(YamlMappingNode root) => Child(root, "kind") switch
    {
        YamlScalarNode { Value: "EndpointSlice" } => Entries(Child(root, "ports")).Select(entry => Child(entry, "port")),
        YamlScalarNode { Value: "Backend" } when Child(root, "apiVersion") is YamlScalarNode { Value: { } apiVersion }
            && apiVersion.StartsWith("gateway.envoyproxy.io/", StringComparison.Ordinal) =>
            Entries(Child(Child(root, "spec"), "endpoints"))
                .SelectMany(entry => new[] { Child(Child(entry, "fqdn"), "port"), Child(Child(entry, "ip"), "port") }),
        _ => [],
    };

    private static IEnumerable<YamlMappingNode> Entries(YamlNode? sequence) =>
        sequence is YamlSequenceNode entries ? entries.Children.OfType<YamlMappingNode>() : [];

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
}
