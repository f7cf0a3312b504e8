using System.Text.Json.Nodes;

namespace AzureGateway.Infra.Tests;

[Collection(CompiledBicepCollection.Name)]
public sealed class KeyVaultTests(CompiledBicep bicep)
{
    [Fact]
    public void Every_key_vault_uses_azure_rbac_with_soft_delete_and_purge_protection()
    {
        var vaults = bicep.Templates.Values.SelectMany(ArmTemplate.Resources).Count(r => ArmTemplate.Type(r.Resource) == "Microsoft.KeyVault/vaults" && r.Resource["existing"] is null);

        Assert.True(vaults > 0, "no Key Vault was found in the compiled templates");
        Assert.All(bicep.Templates, pair => Assert.Empty(TemplateRules.KeyVaults(pair.Value)));
    }

    [Theory]
    [InlineData("enableRbacAuthorization", false, "enableRbacAuthorization is not true")]
    [InlineData("enablePurgeProtection", false, "enablePurgeProtection is not true")]
    [InlineData("enableSoftDelete", false, "enableSoftDelete is turned off")]
    public void A_vault_without_the_setting_is_reported(string property, bool value, string expected)
    {
        var vault = Vault();
        vault["properties"]![property] = value;

        Assert.Contains(expected, Assert.Single(TemplateRules.KeyVaults(Template(vault))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_vault_with_access_policies_is_reported()
    {
        var vault = Vault();
        vault["properties"]!["accessPolicies"] = new JsonArray(new JsonObject { ["objectId"] = "x" });

        Assert.Contains("has access policies", Assert.Single(TemplateRules.KeyVaults(Template(vault))), StringComparison.Ordinal);
    }

    private static JsonObject Vault() => new()
    {
        ["type"] = "Microsoft.KeyVault/vaults",
        ["name"] = "probe",
        ["properties"] = new JsonObject
        {
            ["enableRbacAuthorization"] = true,
            ["enableSoftDelete"] = true,
            ["enablePurgeProtection"] = true,
        },
    };

    private static JsonObject Template(JsonObject resource) => new() { ["resources"] = new JsonArray(resource) };
}
