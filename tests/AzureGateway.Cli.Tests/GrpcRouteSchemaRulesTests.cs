using AzureGateway.Sources.Files;

namespace AzureGateway.Cli.Tests;

/// <summary>
/// A GRPCRoute is held to its v1.6.1 CRD as the API server would hold it: the method match's enum, lengths and CEL
/// rules (gRPC's characters for an Exact service or method, one of the two at least), 8 matches per rule, the four
/// filter types, and the ranges and patterns every route kind shares. A refusal names the line and the rule; a
/// route within the rules loads.
/// </summary>
public sealed class GrpcRouteSchemaRulesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static string Route(string rule) => $"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: GRPCRoute
        metadata:
          name: echo
          namespace: default
        spec:
          parentRefs:
          - name: gateway
          rules:
        {rule}
        """;

    [Theory]
    [InlineData("  - matches:\n    - method:\n        service: echo.v1.Echo\n        method: Say")]
    [InlineData("  - matches:\n    - method:\n        type: RegularExpression\n        service: echo/.*\n        method: \"[A-Z].*\"")]
    [InlineData("  - matches:\n    - method:\n        method: _Ping2")]
    [InlineData("  - filters:\n    - type: RequestMirror\n      requestMirror:\n        backendRef:\n          name: shadow\n          port: 50051\n        percent: 100")]
    public void A_route_within_the_crd_rules_loads(string rule)
    {
        File.WriteAllText(_folder.File("routes.yaml"), Route(rule));

        var loaded = Load();

        Assert.Empty(loaded.Warnings);
        Assert.Single(loaded.Snapshot!.GrpcRoutes);
    }

    [Theory]
    [InlineData("  - matches:\n    - method:\n        type: Prefix\n        service: echo",
        "type: Prefix", "spec.rules[0].matches[0].method.type is \"Prefix\", not one of the values the CRD allows: Exact, RegularExpression")]
    [InlineData("  - matches:\n    - method:\n        method: Say.Hello",
        "method: Say.Hello", "spec.rules[0].matches[0].method.method is \"Say.Hello\", not a gRPC method name (a letter or _, then letters, digits or _) (the CRD's rule for an Exact match)")]
    [InlineData("  - matches:\n    - method:\n        service: 9lives",
        "service: 9lives", "spec.rules[0].matches[0].method.service is \"9lives\", not a gRPC service name such as package.Service (the CRD's rule for an Exact match)")]
    [InlineData("  - matches:\n    - method: {}",
        "method: {}", "spec.rules[0].matches[0].method sets neither service nor method (the CRD's rule: one or both must be specified)")]
    [InlineData("  - filters:\n    - type: RequestRedirect",
        "type: RequestRedirect", "spec.rules[0].filters[0].type is \"RequestRedirect\", not one of the values the CRD allows: ResponseHeaderModifier, RequestHeaderModifier, RequestMirror, ExtensionRef")]
    [InlineData("  - backendRefs:\n    - name: echo\n      port: 50051\n      weight: 1000001",
        "weight: 1000001", "spec.rules[0].backendRefs[0].weight is 1000001, outside the 0 to 1000000 the CRD allows")]
    public void A_value_the_crd_does_not_allow_is_refused_at_its_line(string rule, string lineText, string problem)
    {
        File.WriteAllText(_folder.File("routes.yaml"), Route(rule));

        var loaded = Load();
        var refusal = Assert.Single(loaded.Warnings);

        Assert.Empty(loaded.Snapshot!.GrpcRoutes);
        Assert.Equal(LineOf(lineText), refusal.Line);
        Assert.Equal($"GRPCRoute default/echo refused: {problem}", refusal.Message);
    }

    [Fact]
    public void A_service_longer_than_the_crd_allows_is_refused_even_as_a_regular_expression()
    {
        File.WriteAllText(_folder.File("routes.yaml"),
            Route($"  - matches:\n    - method:\n        type: RegularExpression\n        service: {new string('a', 1025)}"));

        var refusal = Assert.Single(Load().Warnings);

        Assert.Equal(
            "GRPCRoute default/echo refused: spec.rules[0].matches[0].method.service has 1025 characters, more than the 1024 the CRD allows",
            refusal.Message);
    }

    [Fact]
    public void Nine_matches_in_a_rule_are_one_more_than_the_crd_allows()
    {
        var matches = string.Concat(Enumerable.Range(0, 9).Select(i => $"    - method:\n        service: s{i}\n"));
        File.WriteAllText(_folder.File("routes.yaml"), Route($"  - matches:\n{matches}"));

        var refusal = Assert.Single(Load().Warnings);

        Assert.Equal("GRPCRoute default/echo refused: spec.rules[0].matches has 9 items, more than the 8 the CRD allows", refusal.Message);
    }

    private FolderLoadResult Load()
    {
        var (folder, problem) = ManifestFolder.Read(_folder.Path);
        Assert.True(folder is not null, problem);
        return folder.Load();
    }

    private int LineOf(string text) =>
        File.ReadAllLines(_folder.File("routes.yaml")).ToList().FindIndex(l => l.Contains(text, StringComparison.Ordinal)) + 1;

    public void Dispose() => _folder.Dispose();
}
