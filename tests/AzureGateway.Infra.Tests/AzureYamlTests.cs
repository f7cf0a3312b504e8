using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AzureGateway.Infra.Tests;

[Collection(CompiledBicepCollection.Name)]
public sealed partial class AzureYamlTests(CompiledBicep bicep)
{
    private static JsonObject AzureYaml() => YamlDocument.Parse(File.ReadAllText(RepositoryFiles.File("azure.yaml")));

    private static JsonObject Service(string name) => (JsonObject)AzureYaml()["services"]![name]!;

    [Fact]
    public void Azure_yaml_parses_and_has_the_shape_of_the_published_schema()
    {
        Assert.Empty(AzureYamlShape.Violations(AzureYaml()));
    }

    [Fact]
    public void The_functions_app_is_a_dotnet_project_azd_publishes_to_a_function_host()
    {
        var functions = Service("functions");
        var project = RepositoryFiles.File(functions["project"]!.ToString());

        Assert.Equal("function", functions["host"]!.ToString());
        Assert.Equal("dotnet", functions["language"]!.ToString());
        Assert.True(File.Exists(Path.Combine(project, "AzureGateway.Functions.csproj")));
        Assert.True(File.Exists(Path.Combine(project, "host.json")));
        // azd publishes a dotnet project itself: no dist folder and no packaging hook.
        Assert.Null(functions["dist"]);
        Assert.Null(functions["hooks"]);
    }

    [Fact]
    public void The_function_app_runs_the_dotnet_10_isolated_worker_on_flex_consumption()
    {
        var template = bicep.Template("bicep/functionapp.bicep");
        var app = ArmTemplate.Resources(template).Select(r => r.Resource).Single(r => r["type"]?.ToString() == "Microsoft.Web/sites");
        var plan = ArmTemplate.Resources(template).Select(r => r.Resource).Single(r => r["type"]?.ToString() == "Microsoft.Web/serverfarms");

        Assert.Equal("FlexConsumption", plan["sku"]!["tier"]!.ToString());
        Assert.Equal("dotnet-isolated", app["properties"]!["functionAppConfig"]!["runtime"]!["name"]!.ToString());
        Assert.Equal("10.0", app["properties"]!["functionAppConfig"]!["runtime"]!["version"]!.ToString());
    }

    [Fact]
    public void The_data_plane_is_the_dockerfile_image_on_aks_with_the_deploy_manifests()
    {
        var gateway = Service("gateway");
        var project = RepositoryFiles.File(gateway["project"]!.ToString());

        Assert.Equal("aks", gateway["host"]!.ToString());
        Assert.Equal(RepositoryFiles.File("Dockerfile"), Path.GetFullPath(Path.Combine(project, gateway["docker"]!["path"]!.ToString())));
        Assert.Equal(RepositoryFiles.Root, Path.GetFullPath(Path.Combine(project, gateway["docker"]!["context"]!.ToString())).TrimEnd('/'));
        var overlay = Path.GetFullPath(Path.Combine(project, gateway["k8s"]!["kustomize"]!["dir"]!.ToString()));
        Assert.Equal(RepositoryFiles.File("infra", "k8s"), overlay);
        Assert.Equal("azuregateway-system", gateway["k8s"]!["namespace"]!.ToString());
    }

    [Fact]
    public void The_overlay_reads_exactly_the_values_azd_writes_for_it()
    {
        var env = ((JsonObject)Service("gateway")["k8s"]!["kustomize"]!["env"]!).Select(p => p.Key).Order(StringComparer.Ordinal);
        var overlay = File.ReadAllText(RepositoryFiles.File("infra", "k8s", "kustomization.yaml"));
        var read = ConfigMapKeys().Matches(overlay).Select(m => m.Groups["key"].Value).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(env, read);
        Assert.Contains("../../deploy", ((JsonArray)YamlDocument.Parse(overlay)["resources"]!).Select(r => r!.ToString()));
    }

    [Fact]
    public void Every_value_azure_yaml_substitutes_is_a_bicep_output_or_one_azd_sets()
    {
        var outputs = ((JsonObject)bicep.Template("infra/main.bicep")["outputs"]!).Select(o => o.Key).ToHashSet();
        var substituted = Substitution().Matches(File.ReadAllText(RepositoryFiles.File("azure.yaml"))).Select(m => m.Groups["name"].Value);

        // SERVICE_<NAME>_IMAGE_NAME is set by azd once it has pushed the service's image.
        Assert.All(substituted, name => Assert.True(outputs.Contains(name) || name == "SERVICE_GATEWAY_IMAGE_NAME", $"{name} is neither"));
    }

    [Fact]
    public void Every_hook_is_a_posix_sh_script_that_exists_and_parses()
    {
        var document = AzureYaml();
        var hooks = Hooks(document["hooks"], RepositoryFiles.Root)
            .Concat(((JsonObject)document["services"]!).SelectMany(s => Hooks(s.Value!["hooks"], RepositoryFiles.File(s.Value!["project"]!.ToString()))))
            .ToList();

        Assert.NotEmpty(hooks);
        Assert.All(hooks, hook =>
        {
            Assert.Equal("sh", hook.Shell);
            Assert.True(File.Exists(hook.Script), $"{hook.Script} does not exist");
            Assert.Equal(0, HookScripts.Parse(hook.Script).ExitCode);
        });
    }

    [Fact]
    public void A_service_without_a_host_is_reported()
    {
        var document = YamlDocument.Parse("name: app\nservices:\n  api:\n    project: ./api\n    language: dotnet\n");

        Assert.Contains("services.api.host: required", AzureYamlShape.Violations(document));
    }

    [Fact]
    public void A_function_service_with_container_options_is_reported()
    {
        var document = YamlDocument.Parse("name: app\nservices:\n  api:\n    project: ./api\n    host: function\n    docker:\n      path: ./Dockerfile\n");

        Assert.Contains("services.api.docker: not allowed for host function", AzureYamlShape.Violations(document));
    }

    [Fact]
    public void An_unknown_host_or_language_is_reported()
    {
        var document = YamlDocument.Parse("name: app\nservices:\n  api:\n    project: ./api\n    host: kubernetes\n    language: rust\n");

        var violations = AzureYamlShape.Violations(document);

        Assert.Contains("services.api.host: 'kubernetes' is not one azd deploys to", violations);
        Assert.Contains("services.api.language: 'rust' is not one azd builds", violations);
    }

    [Fact]
    public void A_hook_for_an_unknown_event_or_without_a_script_is_reported()
    {
        var document = YamlDocument.Parse(
            "name: app\nservices:\n  api:\n    project: ./api\n    host: aks\nhooks:\n  afterprovision:\n    run: x.sh\n  postdeploy:\n    posix:\n      shell: sh\n");

        var violations = AzureYamlShape.Violations(document);

        Assert.Contains("hooks.afterprovision: not an event azd runs hooks for", violations);
        Assert.Contains("hooks.postdeploy.posix.run: required with shell", violations);
    }

    [Fact]
    public void A_project_name_with_capitals_is_reported()
    {
        var document = YamlDocument.Parse("name: AzureGateway\nservices:\n  api:\n    project: ./api\n    host: aks\n");

        Assert.Contains(AzureYamlShape.Violations(document), v => v.StartsWith("name:", StringComparison.Ordinal));
    }

    private sealed record HookScript(string Shell, string Script);

    // Hook scripts are relative to the project root (command hooks) or to the service's project (service hooks).
    private static IEnumerable<HookScript> Hooks(JsonNode? hooks, string relativeTo) =>
        (hooks as JsonObject ?? [])
            .Select(h => h.Value!["posix"] ?? throw new InvalidOperationException($"hook {h.Key} has no posix variant"))
            .Select(p => new HookScript(p["shell"]?.ToString() ?? "", Path.GetFullPath(Path.Combine(relativeTo, p["run"]!.ToString()))));

    [GeneratedRegex(@"(name: azuregateway-azure\s+fieldPath: data\.|key: )(?<key>[A-Z_]+)")]
    private static partial Regex ConfigMapKeys();

    [GeneratedRegex(@"\$\{(?<name>[A-Z0-9_]+)\}")]
    private static partial Regex Substitution();
}
