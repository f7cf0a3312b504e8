using System.Text.Json.Nodes;

namespace AzureGateway.Infra.Tests;

[Collection(CompiledBicepCollection.Name)]
public sealed class RoleAssignmentTests(CompiledBicep bicep)
{
    private const string Access = "bicep/access.bicep";

    [Fact]
    public void Every_role_assignment_is_a_documented_role_scoped_to_its_resource_and_none_privileged_for_a_workload()
    {
        Assert.All(bicep.Templates, pair => Assert.Empty(TemplateRules.RoleAssignments(pair.Value)));
    }

    [Fact]
    public void The_workloads_get_exactly_the_roles_they_need()
    {
        var granted = ArmTemplate.Resources(bicep.Template(Access))
            .Where(r => ArmTemplate.Type(r.Resource) == "Microsoft.Authorization/roleAssignments")
            .Select(r => (Principal: r.Resource["properties"]!["principalId"]!.ToString(), Role: BuiltInRoles.ByGuid(ArmTemplate.RoleDefinitionGuid(r.Resource, r.Template)!)!.Name))
            .ToList();

        string[] Roles(string principalParameter) =>
            granted.Where(g => g.Principal == $"[parameters('{principalParameter}')]").Select(g => g.Role).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(
            ["Azure Kubernetes Service Cluster User Role", "Azure Kubernetes Service RBAC Writer", "Key Vault Certificate User", "Storage Blob Data Owner"],
            Roles("functionsPrincipalId"));
        Assert.Equal(["Key Vault Certificate User"], Roles("gatewayPrincipalId"));
        Assert.Equal(["AcrPull"], Roles("kubeletPrincipalId"));
        Assert.Equal(["Storage Blob Data Contributor"], Roles("eventGridPrincipalId"));
    }

    [Fact]
    public void The_key_vault_roles_are_scoped_to_the_vault()
    {
        var vaultRoles = ArmTemplate.Resources(bicep.Template(Access))
            .Where(r => ArmTemplate.Type(r.Resource) == "Microsoft.Authorization/roleAssignments")
            .Where(r => BuiltInRoles.ByGuid(ArmTemplate.RoleDefinitionGuid(r.Resource, r.Template)!)!.Name.StartsWith("Key Vault", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(4, vaultRoles.Count);
        Assert.All(vaultRoles, r => Assert.Equal("[resourceId('Microsoft.KeyVault/vaults', parameters('keyVaultName'))]", r.Resource["scope"]!.ToString()));
    }

    [Fact]
    public void An_undocumented_role_id_is_reported()
    {
        // One digit off the Key Vault Certificate User id: a copy-paste error the documented table catches.
        var violations = TemplateRules.RoleAssignments(Template(Assignment("db79e9a7-68ee-4b58-9aeb-b90e7c24fcbb", VaultScope, "'ServicePrincipal'")));

        Assert.Contains(violations, v => v.Contains("not a documented built-in role", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_vault_role_on_the_resource_group_is_reported()
    {
        var violations = TemplateRules.RoleAssignments(Template(Assignment(CertificateUser, scope: null, "'ServicePrincipal'")));

        Assert.Contains(violations, v => v.Contains("is scoped to 'the resource group'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_vault_role_on_another_resource_is_reported()
    {
        var violations = TemplateRules.RoleAssignments(Template(Assignment(CertificateUser, "[resourceId('Microsoft.Storage/storageAccounts', parameters('name'))]", "'ServicePrincipal'")));

        Assert.Contains(violations, v => v.Contains("not to a Microsoft.KeyVault/vaults resource", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner")]
    [InlineData("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor")]
    [InlineData("00482a5a-887f-4fb3-b363-3b7fe8e74483", "Key Vault Administrator")]
    [InlineData("b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b", "Azure Kubernetes Service RBAC Cluster Admin")]
    public void A_privileged_role_for_a_workload_is_reported(string guid, string role)
    {
        var scope = BuiltInRoles.ByGuid(guid)!.ScopeType is { } type ? $"[resourceId('{type}', parameters('name'))]" : null;

        var violations = TemplateRules.RoleAssignments(Template(Assignment(guid, scope, "'ServicePrincipal'")));

        Assert.Contains($"a workload gets the privileged role {role}", Assert.Single(violations), StringComparison.Ordinal);
    }

    [Fact]
    public void The_deployer_may_administer_the_cluster()
    {
        var violations = TemplateRules.RoleAssignments(Template(Assignment(
            "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b", "[resourceId('Microsoft.ContainerService/managedClusters', parameters('name'))]", "parameters('deployerPrincipalType')")));

        Assert.Empty(violations);
    }

    [Fact]
    public void A_role_id_held_in_a_variable_is_resolved()
    {
        var template = Template(Assignment("x", VaultScope, "'ServicePrincipal'", roleExpression: "variables('certificateUser')"));
        template["variables"] = new JsonObject { ["certificateUser"] = CertificateUser };

        Assert.Empty(TemplateRules.RoleAssignments(template));
    }

    private const string CertificateUser = "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba";
    private const string VaultScope = "[resourceId('Microsoft.KeyVault/vaults', parameters('keyVaultName'))]";

    private static JsonObject Assignment(string guid, string? scope, string principalType, string? roleExpression = null)
    {
        var assignment = new JsonObject
        {
            ["type"] = "Microsoft.Authorization/roleAssignments",
            ["name"] = "probe",
            ["properties"] = new JsonObject
            {
                ["roleDefinitionId"] = $"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', {roleExpression ?? $"'{guid}'"})]",
                ["principalId"] = "[parameters('principalId')]",
                ["principalType"] = principalType.StartsWith('\'') ? principalType.Trim('\'') : $"[{principalType}]",
            },
        };
        if (scope is not null)
        {
            assignment["scope"] = scope;
        }
        return assignment;
    }

    private static JsonObject Template(JsonObject resource) => new() { ["resources"] = new JsonArray(resource) };
}
