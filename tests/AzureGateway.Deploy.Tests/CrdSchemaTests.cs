using System.Text.Json.Nodes;
using AzureGateway.Model;

namespace AzureGateway.Deploy.Tests;

public sealed class CrdSchemaTests
{
    /// <summary>The kinds AzureGateway reads that no standard install provides: ours to define.</summary>
    private static readonly string[] EmulatedKinds =
    [
        $"{ResourceKinds.AlbVersion} BackendTLSPolicy",
        $"{ResourceKinds.AlbVersion} FrontendTLSPolicy",
        $"{ResourceKinds.AlbVersion} HealthCheckPolicy",
        $"{ResourceKinds.AlbVersion} RoutePolicy",
        $"{ResourceKinds.EnvoyGatewayVersion} Backend",
        $"{ResourceKinds.EnvoyGatewayVersion} ClientTrafficPolicy",
        $"{ResourceKinds.EnvoyGatewayVersion} EnvoyProxy",
    ];

    public static TheoryData<string> Crds() => new(DeployManifests.Files().Where(f => f.StartsWith("crds/", StringComparison.Ordinal)));

    [Fact]
    public void TheCrdsServeExactlyTheKindsWeEmulate()
    {
        var served = DeployManifests.Files().Where(f => f.StartsWith("crds/", StringComparison.Ordinal))
            .SelectMany(ServedVersions)
            .Select(v => $"{v.ApiVersion} {v.Kind}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(EmulatedKinds.Order(StringComparer.Ordinal), served);
    }

    [Theory]
    [MemberData(nameof(Crds))]
    public void TheSchemaDeclaresEveryFieldTheModelReads(string crd)
    {
        foreach (var version in ServedVersions(crd))
        {
            var type = ResourceKinds.Find(version.ApiVersion, version.Kind)?.Type;
            Assert.True(type is not null, $"{crd}: the gateway does not read {version.ApiVersion} {version.Kind}");

            var problems = SchemaCoverage.Problems(type, version.Schema);

            Assert.True(problems.Count == 0, $"{crd} ({version.ApiVersion} {version.Kind}):\n" + string.Join("\n", problems));
        }
    }

    [Fact]
    public void AFieldMissingFromTheSchemaIsReported()
    {
        var version = ServedVersions("crds/alb.networking.azure.io_backendtlspolicies.yaml").Single();
        var verify = version.Schema["properties"]!["spec"]!["properties"]!["default"]!["properties"]!["verify"]!;
        verify["properties"]!.AsObject().Remove("subjectAltName");
        // Keeping unknown fields is not declaring them.
        verify["x-kubernetes-preserve-unknown-fields"] = "true";

        var problems = SchemaCoverage.Problems(ResourceKinds.Find(version.ApiVersion, version.Kind)!.Type, version.Schema);

        Assert.Equal(["spec.default.verify.subjectAltName: not declared"], problems);
    }

    [Fact]
    public void AFieldOfTheWrongTypeIsReported()
    {
        var version = ServedVersions("crds/gateway.envoyproxy.io_backends.yaml").Single();
        version.Schema["properties"]!["spec"]!["properties"]!["tls"]!["properties"]!["insecureSkipVerify"]!["type"] = "string";

        var problems = SchemaCoverage.Problems(ResourceKinds.Find(version.ApiVersion, version.Kind)!.Type, version.Schema);

        Assert.Equal(["spec.tls.insecureSkipVerify: declared string, read as boolean"], problems);
    }

    [Fact]
    public void AFieldReadAsAnyValueTakesAnyDeclaredTypeButNeedsOne()
    {
        var version = ServedVersions("crds/gateway.envoyproxy.io_clienttrafficpolicies.yaml").Single();
        var spec = version.Schema["properties"]!["spec"]!["properties"]!;
        spec["enableProxyProtocol"]!["type"] = "string";
        spec["tcpKeepalive"]!.AsObject().Remove("type");

        var problems = SchemaCoverage.Problems(ResourceKinds.Find(version.ApiVersion, version.Kind)!.Type, version.Schema);

        Assert.Equal(["spec.tcpKeepalive: declared without a type"], problems);
    }

    [Theory]
    [MemberData(nameof(Crds))]
    public void EveryStatusIsASubresource(string crd)
    {
        var definition = Assert.Single(DeployManifests.Documents(crd));

        Assert.All(definition["spec"]!["versions"]!.AsArray(), version =>
        {
            Assert.NotNull(version!["subresources"]?["status"]);
            Assert.NotNull(version["schema"]!["openAPIV3Schema"]!["properties"]!["status"]);
        });
    }

    private static IEnumerable<(string ApiVersion, string Kind, JsonObject Schema)> ServedVersions(string crd)
    {
        var definition = Assert.Single(DeployManifests.Documents(crd));
        Assert.Equal("CustomResourceDefinition", definition["kind"]!.GetValue<string>());
        var spec = definition["spec"]!;
        var group = spec["group"]!.GetValue<string>();
        var kind = spec["names"]!["kind"]!.GetValue<string>();
        return spec["versions"]!.AsArray()
            .Where(v => v!["served"]!.GetValue<string>() == "true")
            .Select(v => ($"{group}/{v!["name"]!.GetValue<string>()}", kind, v["schema"]!["openAPIV3Schema"]!.AsObject()))
            .ToList();
    }
}
