using System.Text.Json.Nodes;

namespace AzureGateway.Infra.Tests;

[Collection(CompiledBicepCollection.Name)]
public sealed class OutputTests(CompiledBicep bicep)
{
    [Fact]
    public void No_template_outputs_a_secret()
    {
        Assert.All(bicep.Templates, pair => Assert.Empty(TemplateRules.Outputs(pair.Value)));
    }

    [Fact]
    public void The_entry_point_outputs_what_azd_and_the_hooks_read_in_upper_snake_case()
    {
        var outputs = ((JsonObject)bicep.Template("infra/main.bicep")["outputs"]!).Select(o => o.Key).ToList();

        Assert.All(outputs, name => Assert.Matches("^[A-Z][A-Z0-9_]*$", name));
        Assert.Superset(
            new HashSet<string>(["AZURE_CONTAINER_REGISTRY_ENDPOINT", "AZURE_AKS_CLUSTER_NAME", "AKS_CLUSTER_RESOURCE_ID", "AZURE_KEY_VAULT_NAME",
                "AZURE_FUNCTION_APP_NAME", "EVENT_GRID_SYSTEM_TOPIC_NAME", "AZURE_GATEWAY_IDENTITY_CLIENT_ID", "APPLICATIONINSIGHTS_CONNECTION_STRING",
                "AZUREGATEWAY_SYNC_URL", "AZUREGATEWAY_SYNC_AUDIENCE"]),
            outputs.ToHashSet());
    }

    [Theory]
    [InlineData("STORAGE_KEY", "[parameters('x')]", "named like a secret")]
    [InlineData("adminPassword", "[parameters('x')]", "named like a secret")]
    [InlineData("primaryKey", "[parameters('x')]", "named like a secret")]
    [InlineData("STORAGE_CONNECTION", "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'x'), '2023-05-01').keys[0].value]", "read with a list* action")]
    [InlineData("BLOB_SAS", "[listAccountSas('x', '2023-05-01', variables('sas')).accountSasToken]", "read with a list* action")]
    public void A_secret_output_is_reported(string name, string value, string expected)
    {
        var template = new JsonObject { ["outputs"] = new JsonObject { [name] = new JsonObject { ["type"] = "string", ["value"] = value } } };

        Assert.Contains(TemplateRules.Outputs(template), v => v.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_secure_output_in_a_module_is_reported()
    {
        var template = new JsonObject
        {
            ["resources"] = new JsonArray(new JsonObject
            {
                ["type"] = "Microsoft.Resources/deployments",
                ["name"] = "inner",
                ["properties"] = new JsonObject
                {
                    ["template"] = new JsonObject { ["outputs"] = new JsonObject { ["value"] = new JsonObject { ["type"] = "securestring", ["value"] = "x" } } },
                },
            }),
        };

        Assert.Contains("module inner: output value is securestring", Assert.Single(TemplateRules.Outputs(template)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_vault_name_is_not_taken_for_a_key()
    {
        var template = new JsonObject
        {
            ["outputs"] = new JsonObject
            {
                ["AZURE_KEY_VAULT_NAME"] = new JsonObject { ["type"] = "string", ["value"] = "x" },
                ["keyVaultUri"] = new JsonObject { ["type"] = "string", ["value"] = "x" },
            },
        };

        Assert.Empty(TemplateRules.Outputs(template));
    }
}
