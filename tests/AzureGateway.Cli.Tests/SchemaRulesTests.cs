using AzureGateway.Sources.Files;

namespace AzureGateway.Cli.Tests;

/// <summary>
/// A document with a value its CRD does not allow (an enum, a pattern, a range, a CEL rule) is refused from a folder
/// as the API server would refuse it: one line naming the file, the line of the field, the object and the rule,
/// and the rest of the folder serves. <c>azgw validate</c> says so in its exit code.
/// </summary>
public sealed class SchemaRulesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static string Route(string name, string match) => $"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: {name}
          namespace: default
        spec:
          parentRefs:
          - name: gateway
          rules:
          - matches:
            - path:
        {match}
        """;

    [Fact]
    public void A_path_type_outside_the_crd_enum_is_refused_at_the_line_of_the_type_and_the_other_routes_load()
    {
        File.WriteAllText(_folder.File("routes.yaml"),
            Route("good", "        type: PathPrefix\n        value: /") + "\n---\n" + Route("bad", "        value: /\n        type: Prefix"));

        var (loaded, refusal) = LoadWithOneRefusal();

        Assert.Equal(["good"], loaded.Snapshot!.HttpRoutes.Select(r => r.Metadata.Name));
        Assert.Equal(LineOf("routes.yaml", "type: Prefix"), refusal.Line);
        Assert.Equal(
            "HTTPRoute default/bad refused: spec.rules[0].matches[0].path.type is \"Prefix\", not one of the values the CRD allows: Exact, PathPrefix, RegularExpression",
            refusal.Message);
    }

    [Fact]
    public void A_path_that_climbs_out_of_its_prefix_breaks_the_crd_cel_rule_and_is_refused()
    {
        File.WriteAllText(_folder.File("routes.yaml"), Route("climbs", "        value: /public/../admin"));

        var (_, refusal) = LoadWithOneRefusal();

        Assert.Equal(LineOf("routes.yaml", "value: /public/../admin"), refusal.Line);
        Assert.EndsWith(
            "spec.rules[0].matches[0].path.value is \"/public/../admin\", which contains \"/../\" (the CRD's rule for an Exact or PathPrefix path)",
            refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_listener_hostname_outside_the_crd_pattern_and_a_port_out_of_range_are_refused()
    {
        File.WriteAllText(_folder.File("gateways.yaml"), """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: upper-case
              namespace: default
            spec:
              gatewayClassName: azure
              listeners:
              - name: web
                hostname: Web.Example.com
                port: 443
                protocol: HTTPS
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: port-zero
              namespace: default
            spec:
              gatewayClassName: azure
              listeners:
              - name: web
                port: 70000
                protocol: HTTP
            """);

        var loaded = Load();

        Assert.Empty(loaded.Snapshot!.Gateways);
        Assert.Equal(
            [
                $"{_folder.File("gateways.yaml")}:{LineOf("gateways.yaml", "hostname: Web")}: Gateway default/upper-case refused: "
                + "spec.listeners[0].hostname is \"Web.Example.com\", not a lower-case DNS name, optionally starting with \"*.\" as the CRD requires",
                $"{_folder.File("gateways.yaml")}:{LineOf("gateways.yaml", "port: 70000")}: Gateway default/port-zero refused: "
                + "spec.listeners[0].port is 70000, outside the 1 to 65535 the CRD allows",
            ],
            loaded.Warnings.Select(w => w.ToString()));
    }

    [Fact]
    public void Agc_and_envoy_gateway_kinds_are_held_to_the_rules_of_their_crds()
    {
        var ports = string.Concat(Enumerable.Range(0, 17).Select(i => $"    - port: {8000 + i}\n"));
        File.WriteAllText(_folder.File("policies.yaml"), $"""
            apiVersion: alb.networking.azure.io/v1
            kind: BackendTLSPolicy
            metadata:
              name: many-ports
              namespace: default
            spec:
              targetRef:
                kind: Service
                name: app
              default:
                sni: app.example.com
                ports:
            {ports}---
            apiVersion: gateway.envoyproxy.io/v1alpha1
            kind: Backend
            metadata:
              name: old-tls
              namespace: default
            spec:
              endpoints:
              - fqdn:
                  hostname: app.example.com
                  port: 443
              tls:
                wellKnownCACertificates: System
                minVersion: "1.4"
            """);

        var loaded = Load();

        Assert.Empty(loaded.Snapshot!.AlbBackendTlsPolicies);
        Assert.Empty(loaded.Snapshot.Backends);
        Assert.Equal(
            [
                (LineOf("policies.yaml", "ports:"), "BackendTLSPolicy default/many-ports refused: spec.default.ports has 17 items, more than the 16 the CRD allows"),
                (LineOf("policies.yaml", "minVersion"), "Backend default/old-tls refused: spec.tls.minVersion is \"1.4\", not one of the values the CRD allows: Auto, 1.0, 1.1, 1.2, 1.3"),
            ],
            loaded.Warnings.Select(w => (w.Line, w.Message)));
    }

    [Fact]
    public async Task Validate_exits_with_refused_and_prints_the_refusal_line_as_an_error()
    {
        File.WriteAllText(_folder.File("routes.yaml"), Route("bad", "        type: Prefix"));

        var (exitCode, run) = await Azgw.RunAsync("validate", "--config", _folder.Path);

        Assert.Equal(ExitCodes.Refused, exitCode);
        Assert.Equal(
            $"azgw: {_folder.File("routes.yaml")}:{LineOf("routes.yaml", "type: Prefix")}: HTTPRoute default/bad refused: "
            + "spec.rules[0].matches[0].path.type is \"Prefix\", not one of the values the CRD allows: Exact, PathPrefix, RegularExpression",
            run.Error.TrimEnd());
    }

    [Fact]
    public async Task Validate_exits_with_unreadable_and_names_the_line_of_a_file_that_does_not_parse()
    {
        File.WriteAllText(_folder.File("broken.yaml"), "apiVersion: v1\nkind: [Secret\n");

        var (exitCode, run) = await Azgw.RunAsync("validate", "--config", _folder.Path);

        Assert.Equal(ExitCodes.Unreadable, exitCode);
        Assert.StartsWith($"azgw: {_folder.File("broken.yaml")}:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_true_where_the_schema_wants_text_is_refused_as_kubectl_would_send_it_and_the_quoted_one_loads()
    {
        File.WriteAllText(_folder.File("routes.yaml"),
            Route("quoted", "        value: /\n      headers:\n      - name: x-debug\n        value: \"true\"") + "\n---\n"
            + Route("plain", "        value: /\n      headers:\n      - name: x-debug\n        value: true"));

        var (loaded, refusal) = LoadWithOneRefusal();

        Assert.Equal("true", Assert.Single(loaded.Snapshot!.HttpRoutes).Spec.Rules![0].Matches![0].Headers![0].Value);
        Assert.Equal(LineOf("routes.yaml", "value: true"), refusal.Line);
        Assert.Equal(
            "HTTPRoute default/plain refused: spec.rules[0].matches[0].headers[0].value is true, read as a boolean, which the field's type does not allow (write \"true\" if it is meant as text)",
            refusal.Message);
    }

    [Fact]
    public void A_list_where_the_schema_wants_a_mapping_is_refused_at_its_line()
    {
        File.WriteAllText(_folder.File("routes.yaml"), Route("listed", "        - value: /"));

        var (loaded, refusal) = LoadWithOneRefusal();

        Assert.Empty(loaded.Snapshot!.HttpRoutes);
        Assert.Equal(LineOf("routes.yaml", "- path:"), refusal.Line);
        Assert.Equal("HTTPRoute default/listed refused: spec.rules[0].matches[0].path is a list, which the field's type does not allow", refusal.Message);
    }

    private (FolderLoadResult Loaded, SourceMessage Refusal) LoadWithOneRefusal()
    {
        var loaded = Load();
        return (loaded, Assert.Single(loaded.Warnings));
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
