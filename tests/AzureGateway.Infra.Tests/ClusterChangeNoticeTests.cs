using System.Text.Json.Nodes;

namespace AzureGateway.Infra.Tests;

/// <summary>
/// The gateway's cluster-change notices to the functions app: App Service authentication on the app, the app setting
/// the function checks callers against, the values the entry point hands to azd, and how they reach the gateway.
/// </summary>
[Collection(CompiledBicepCollection.Name)]
public sealed class ClusterChangeNoticeTests(CompiledBicep bicep)
{
    private const string SyncApp = "11111111-1111-1111-1111-111111111111";
    private const string Gateway = "22222222-2222-2222-2222-222222222222";

    private JsonObject FunctionApp => bicep.Template("bicep/functionapp.bicep");

    private JsonObject Main => bicep.Template("infra/main.bicep");

    [Fact]
    public void Easy_auth_is_configured_only_when_a_sync_app_is_given()
    {
        var condition = AuthSettings()["condition"]?.ToString();

        Assert.NotNull(condition);
        Assert.False((bool)Evaluate(condition, FunctionApp, syncApp: "")!);
        Assert.True((bool)Evaluate(condition, FunctionApp, syncApp: SyncApp)!);
    }

    [Fact]
    public void Easy_auth_lets_anonymous_requests_through_so_key_and_event_grid_routes_keep_working()
    {
        var properties = AuthSettings()["properties"]!;

        Assert.True(properties["platform"]!["enabled"]!.GetValue<bool>());
        Assert.False(properties["globalValidation"]!["requireAuthentication"]!.GetValue<bool>());
        Assert.Equal("AllowAnonymous", properties["globalValidation"]!["unauthenticatedClientAction"]!.ToString());
        Assert.Null(properties["globalValidation"]!["excludedPaths"]);
    }

    [Fact]
    public void Easy_auth_accepts_only_the_gateway_identitys_tokens_for_the_sync_app_of_this_tenant()
    {
        var entra = AuthSettings()["properties"]!["identityProviders"]!["azureActiveDirectory"]!;

        Assert.True(entra["enabled"]!.GetValue<bool>());
        Assert.Equal(SyncApp, Evaluate(entra["registration"]!["clientId"]!.ToString(), FunctionApp, SyncApp));
        var issuer = entra["registration"]!["openIdIssuer"]!.ToString();
        Assert.Contains("environment().authentication.loginEndpoint", issuer, StringComparison.Ordinal);
        Assert.Contains("tenant().tenantId", issuer, StringComparison.Ordinal);
        Assert.Contains("/v2.0'", issuer, StringComparison.Ordinal);
        Assert.Equal(
            [$"api://{SyncApp}", SyncApp],
            ((JsonArray)entra["validation"]!["allowedAudiences"]!).Select(a => Evaluate(a!.ToString(), FunctionApp, SyncApp)));
        Assert.Equal(
            [Gateway],
            ((JsonArray)entra["validation"]!["defaultAuthorizationPolicy"]!["allowedApplications"]!).Select(a => Evaluate(a!.ToString(), FunctionApp, SyncApp)));
    }

    [Fact]
    public void Easy_auth_keeps_no_secret_and_no_tokens()
    {
        var properties = AuthSettings()["properties"]!;

        Assert.DoesNotContain("secret", properties.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(properties["login"]!["tokenStore"]!["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public void The_function_is_told_the_gateway_identity_only_when_notices_are_configured()
    {
        var settings = AppSettings()["properties"]!.GetValue<string>();

        var configured = Assert.IsType<JsonObject>(Evaluate(settings, FunctionApp, SyncApp));
        var unconfigured = Assert.IsType<JsonObject>(Evaluate(settings, FunctionApp, syncApp: ""));

        Assert.Equal(Gateway, configured["ClusterChanged__AllowedClientId"]?.ToString());
        Assert.False(unconfigured.ContainsKey("ClusterChanged__AllowedClientId"));
        // The other settings stay whichever way.
        Assert.Equal("managedidentity", unconfigured["AzureWebJobsStorage__credential"]?.ToString());
        Assert.Equal(unconfigured.Count + 1, configured.Count);
    }

    [Fact]
    public void The_cluster_changed_url_is_the_functions_route_on_the_apps_host_and_empty_without_notices()
    {
        var url = FunctionApp["outputs"]!["clusterChangedUrl"]!["value"]!.ToString();

        Assert.Equal("", Evaluate(url, FunctionApp, syncApp: ""));
        Assert.Contains("format('https://{0}/api/cluster-changed', reference(resourceId('Microsoft.Web/sites', parameters('name'))", url, StringComparison.Ordinal);
        Assert.Contains(").defaultHostName)", url, StringComparison.Ordinal);
    }

    [Fact]
    public void The_entry_point_passes_the_sync_app_and_the_gateway_identity_to_the_functions_app()
    {
        var module = ArmTemplate.Resources(Main).Select(r => r.Resource)
            .Single(r => ArmTemplate.Type(r) == "Microsoft.Resources/deployments" && ArmTemplate.Name(r) == "functionapp");
        var parameters = module["properties"]!["parameters"]!;

        Assert.Equal("", Main["parameters"]!["syncAppClientId"]!["defaultValue"]!.ToString());
        Assert.Equal("[parameters('syncAppClientId')]", parameters["syncAppClientId"]!["value"]!.ToString());
        var gateway = parameters["gatewayIdentityClientId"]!["value"]!.ToString();
        Assert.Contains("'identities'", gateway, StringComparison.Ordinal);
        Assert.EndsWith(".outputs.gatewayIdentityClientId.value]", gateway, StringComparison.Ordinal);
    }

    [Fact]
    public void The_entry_point_outputs_where_the_gateway_sends_notices_and_the_audience_it_asks_a_token_for()
    {
        var outputs = Main["outputs"]!;
        var audience = outputs["AZUREGATEWAY_SYNC_AUDIENCE"]!["value"]!.ToString();
        var url = outputs["AZUREGATEWAY_SYNC_URL"]!["value"]!.ToString();

        Assert.Equal("", Evaluate(audience, Main, syncApp: ""));
        Assert.Equal($"api://{SyncApp}", Evaluate(audience, Main, SyncApp));
        Assert.Contains("'functionapp'", url, StringComparison.Ordinal);
        Assert.EndsWith(".outputs.clusterChangedUrl.value]", url, StringComparison.Ordinal);
    }

    [Fact]
    public void The_parameters_file_takes_the_sync_app_from_the_azd_environment_and_defaults_to_none()
    {
        var parameters = (JsonObject)Parameters()["parameters"]!;

        Assert.Equal("${AZURE_SYNC_APP_CLIENT_ID=}", parameters["syncAppClientId"]!["value"]!.ToString());
    }

    [Fact]
    public void Every_value_the_parameters_file_sets_is_a_parameter_of_the_entry_point()
    {
        var declared = ((JsonObject)Main["parameters"]!).Select(p => p.Key).ToHashSet();

        Assert.All(((JsonObject)Parameters()["parameters"]!).Select(p => p.Key), name => Assert.Contains(name, declared));
    }

    [Fact]
    public void Azd_hands_the_notice_values_to_the_overlay_and_registers_the_app_before_provisioning()
    {
        var azureYaml = YamlDocument.Parse(File.ReadAllText(RepositoryFiles.File("azure.yaml")));
        var env = azureYaml["services"]!["gateway"]!["k8s"]!["kustomize"]!["env"]!;

        Assert.Equal("${AZUREGATEWAY_SYNC_URL}", env["AZUREGATEWAY_SYNC_URL"]?.ToString());
        Assert.Equal("${AZUREGATEWAY_SYNC_AUDIENCE}", env["AZUREGATEWAY_SYNC_AUDIENCE"]?.ToString());
        var preprovision = azureYaml["hooks"]!["preprovision"]!["posix"]!;
        Assert.Equal("sh", preprovision["shell"]?.ToString());
        Assert.Equal("infra/hooks/preprovision.sh", preprovision["run"]?.ToString());
    }

    [Fact]
    public void The_overlay_gives_the_gateway_container_both_values_as_optional_config_map_references()
    {
        var deployment = YamlDocument.Parse(File.ReadAllText(RepositoryFiles.File("deploy", "deployment.yaml")));
        var overlay = YamlDocument.Parse(File.ReadAllText(RepositoryFiles.File("infra", "k8s", "kustomization.yaml")));
        var operations = ((JsonArray)overlay["patches"]!)
            .Where(p => p!["target"]!["kind"]!.ToString() == "Deployment" && p["target"]!["name"]!.ToString() == "azuregateway")
            .SelectMany(p => (JsonArray)YamlDocument.ParseNode(p!["patch"]!.ToString())!)
            .ToList();

        // The patches address the container by position: it must be the gateway's.
        Assert.Equal("gateway", deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["name"]!.ToString());
        foreach (var name in new[] { "AZUREGATEWAY_SYNC_URL", "AZUREGATEWAY_SYNC_AUDIENCE" })
        {
            var operation = Assert.Single(operations, o => o!["value"]?["name"]?.ToString() == name)!;
            Assert.Equal("add", operation["op"]!.ToString());
            Assert.Equal("/spec/template/spec/containers/0/env/-", operation["path"]!.ToString());
            var reference = operation["value"]!["valueFrom"]!["configMapKeyRef"]!;
            Assert.Equal("azuregateway-azure", reference["name"]!.ToString());
            Assert.Equal(name, reference["key"]!.ToString());
            // Optional: an overlay .env written before these values existed still deploys.
            Assert.True(reference["optional"]!.GetValue<bool>());
        }
    }

    private JsonObject AuthSettings() => ConfigResource("authsettingsV2");

    private JsonObject AppSettings() => ConfigResource("appsettings");

    private JsonObject ConfigResource(string name) =>
        ArmTemplate.Resources(FunctionApp).Select(r => r.Resource)
            .Single(r => ArmTemplate.Type(r) == "Microsoft.Web/sites/config" && ArmTemplate.Name(r).Contains($"'{name}'", StringComparison.Ordinal));

    private static JsonObject Parameters() => (JsonObject)JsonNode.Parse(File.ReadAllText(RepositoryFiles.File("infra", "main.parameters.json")))!;

    /// <summary>
    /// <paramref name="value"/> with syncAppClientId = <paramref name="syncApp"/>, the gateway's client id
    /// <see cref="Gateway"/>, and every other parameter without a default given a stand-in (its name in angle brackets).
    /// </summary>
    private static object? Evaluate(string value, JsonObject template, string syncApp)
    {
        var parameters = ((JsonObject)template["parameters"]!)
            .Where(p => p.Value?["defaultValue"] is null)
            .ToDictionary(p => p.Key, p => (object?)$"<{p.Key}>");
        parameters["syncAppClientId"] = syncApp;
        parameters["gatewayIdentityClientId"] = Gateway;
        return ArmExpression.Evaluate(value, template, parameters);
    }
}
