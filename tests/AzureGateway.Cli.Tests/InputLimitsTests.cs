using System.Text;
using AzureGateway.Model;
using AzureGateway.Sources.Files;

namespace AzureGateway.Cli.Tests;

/// <summary>What the API server would refuse is refused from a folder too, one line each, and the rest serves.</summary>
public sealed class InputLimitsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static readonly string GatewayClass = $"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata:
          name: azure
        spec:
          controllerName: {ResourceKinds.ControllerName}
        """;

    private static string Gateway(string name, int listeners) => $"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata:
          name: {name}
          namespace: default
        spec:
          gatewayClassName: azure
          listeners:
        {string.Concat(Enumerable.Range(0, listeners).Select(i => $"  - name: http-{i}\n    port: {8000 + i}\n    protocol: HTTP\n"))}
        """;

    private static string Route(string name, int rules, int matchesPerRule = 1) => $"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: {name}
          namespace: default
        spec:
          parentRefs:
          - name: gateway
          rules:
        {string.Concat(Enumerable.Range(0, rules).Select(i => "  - matches:\n" + string.Concat(
            Enumerable.Range(0, matchesPerRule).Select(j => $"    - path:\n        value: /r{i}/m{j}\n"))))}
        """;

    [Fact]
    public async Task ARouteWithSeventeenRulesIsRefusedWithItsFieldAndLimitAndTheRestTranslates()
    {
        File.WriteAllText(_folder.File("gateway.yaml"), GatewayClass + "\n---\n" + Gateway("gateway", 1));
        File.WriteAllText(_folder.File("routes.yaml"), Route("good", 16) + "\n---\n" + Route("too-many-rules", 17));

        var (exitCode, run) = await Azgw.RunAsync("validate", "--config", _folder.Path);

        // The line is that of the too-many-rules route's "rules:", five lines below its name.
        Assert.Contains(
            $"azgw: {_folder.File("routes.yaml")}:{LineOf("routes.yaml", "too-many-rules") + 5}: "
            + "HTTPRoute default/too-many-rules refused: spec.rules has 17 items, more than the 16 the CRD allows",
            run.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Refused, exitCode);
        Assert.Contains("name: good", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("name: too-many-rules", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void AGatewayWithSixtyFiveListenersIsRefusedAndOneWithSixtyFourLoads()
    {
        File.WriteAllText(_folder.File("gateways.yaml"), Gateway("at-limit", 64) + "\n---\n" + Gateway("over-limit", 65));

        var loaded = Load();

        Assert.Equal(["at-limit"], loaded.Snapshot!.Gateways.Select(g => g.Metadata.Name));
        var refusal = Assert.Single(loaded.Warnings).Message;
        Assert.Equal("Gateway default/over-limit refused: spec.listeners has 65 items, more than the 64 the CRD allows", refusal);
    }

    [Fact]
    public void MoreThan128MatchesAcrossTheRulesOfARouteAreRefusedThoughEachRuleIsWithinItsLimit()
    {
        // 3 rules of 43 matches: 129 in all, each rule under its own 64.
        File.WriteAllText(_folder.File("routes.yaml"), Route("spread", 3, 43));

        var loaded = Load();

        Assert.Empty(loaded.Snapshot!.HttpRoutes);
        Assert.EndsWith("spec.rules[*].matches has 129 items, more than the 128 the CRD allows", Assert.Single(loaded.Warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AYamlAliasBombOfAFewKilobytesIsRefusedAndTheOtherDocumentsOfItsFileLoad()
    {
        // Each level repeats the one before ten times: expanded, 10^6 headers in one match.
        var bomb = new StringBuilder("""
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata:
              name: bomb
              namespace: default
            x-levels:
              l0: &l0 [{name: x-a, value: a}]

            """);
        for (var level = 1; level <= 6; level++)
        {
            bomb.Append($"  l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]\n");
        }
        bomb.Append("spec:\n  rules:\n  - matches:\n    - headers: *l6\n");
        File.WriteAllText(_folder.File("mixed.yaml"), Route("kept", 1) + "\n---\n" + bomb);
        Assert.True(new FileInfo(_folder.File("mixed.yaml")).Length < 4096);

        var loaded = Load();

        Assert.Equal(["kept"], loaded.Snapshot!.HttpRoutes.Select(r => r.Metadata.Name));
        var refusal = Assert.Single(loaded.Warnings);
        Assert.Equal(LineOf("mixed.yaml", "l1: &l1"), refusal.Line);
        Assert.Equal("document refused: YAML alias *l0 (the gateway does not expand aliases; write the document out in full)", refusal.Message);
    }

    [Fact]
    public void AFileOverThreeMebibytesIsRefusedUnreadAndTheOtherFilesLoad()
    {
        File.WriteAllText(_folder.File("a.yaml"), Route("kept", 1));
        File.WriteAllText(_folder.File("huge.yaml"), Route("huge", 1) + "#" + new string('x', (int)InputLimits.MaxFileBytes) + "\n");

        var loaded = Load();

        Assert.Equal(["kept"], loaded.Snapshot!.HttpRoutes.Select(r => r.Metadata.Name));
        var refusal = Assert.Single(loaded.Warnings);
        Assert.Equal(
            $"{_folder.File("huge.yaml")}: file refused: {new FileInfo(_folder.File("huge.yaml")).Length} bytes, "
            + "more than the 3145728 bytes the Kubernetes API server accepts in one request",
            refusal.ToString());
    }

    [Fact]
    public void AnObjectOverOnePointFiveMebibytesIsRefusedAndTheOtherDocumentsOfItsFileLoad()
    {
        var large = Convert.ToBase64String(new byte[InputLimits.MaxObjectBytes]);
        File.WriteAllText(_folder.File("secrets.yaml"), $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: small
              namespace: default
            data:
              value: YQ==
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: large
              namespace: default
            data:
              value: {large}
            """);

        var loaded = Load();

        Assert.Equal(["small"], loaded.Snapshot!.Secrets.Select(s => s.Metadata.Name));
        var refusal = Assert.Single(loaded.Warnings);
        Assert.Equal(9, refusal.Line);
        Assert.Matches("^Secret refused: [0-9]+ bytes, more than the 1572864 bytes a Kubernetes object may have$", refusal.Message);
    }

    private FolderLoadResult Load()
    {
        var (folder, problem) = ManifestFolder.Read(_folder.Path);
        Assert.True(folder is not null, problem);
        return folder.Load();
    }

    private int LineOf(string file, string text) =>
        File.ReadAllLines(_folder.File(file)).ToList().FindIndex(l => l.Contains(text, StringComparison.Ordinal)) + 1;

    public void Dispose() => _folder.Dispose();
}
