using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AzureGateway.Infra.Tests;

/// <summary>
/// The rules every compiled template must keep. Each returns one line per violation (empty when the template keeps
/// it), so a test shows all of them at once, and the tests of the rules can feed them templates that break them.
/// </summary>
internal static partial class TemplateRules
{
    private const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";

    /// <summary>
    /// Role assignments name a documented built-in role, are scoped to a resource of the type the role is about,
    /// go either to a workload (principalType 'ServicePrincipal') or to the deploying principal, and never give a
    /// workload a privileged role (Owner, Contributor, an administrator).
    /// </summary>
    public static IReadOnlyList<string> RoleAssignments(JsonObject template)
    {
        var violations = new List<string>();
        foreach (var (assignment, declaredIn) in ArmTemplate.Resources(template).Where(r => ArmTemplate.Type(r.Resource) == RoleAssignmentType))
        {
            var name = ArmTemplate.Name(assignment);
            var guid = ArmTemplate.RoleDefinitionGuid(assignment, declaredIn);
            var role = guid is null ? null : BuiltInRoles.ByGuid(guid);
            if (role is null)
            {
                violations.Add($"{name}: role definition {guid ?? assignment["properties"]?["roleDefinitionId"]?.ToString()} is not a documented built-in role");
                continue;
            }
            var scope = assignment["scope"]?.ToString() ?? "";
            // The scope is a resourceId(...) or format(...) expression: the type is a quoted literal, or begins one
            // (a child such as a blob container).
            if (role.ScopeType is { } scopeType
                && !scope.Contains($"'{scopeType}'", StringComparison.OrdinalIgnoreCase)
                && !scope.Contains($"'{scopeType}/", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add($"{name}: {role.Name} is scoped to '{(scope.Length == 0 ? "the resource group" : scope)}', not to a {scopeType} resource");
            }
            var principalType = assignment["properties"]?["principalType"]?.ToString() ?? "";
            var toWorkload = principalType == "ServicePrincipal";
            var toDeployer = principalType.Contains("parameters('deployerPrincipalType')", StringComparison.Ordinal);
            if (!toWorkload && !toDeployer)
            {
                violations.Add($"{name}: principalType '{principalType}' is neither a workload's ('ServicePrincipal') nor the deployer's");
            }
            if (toWorkload && role.Privileged)
            {
                violations.Add($"{name}: a workload gets the privileged role {role.Name}");
            }
        }
        return violations;
    }

    /// <summary>Key Vaults authorize with Azure RBAC only, keep soft delete and have purge protection.</summary>
    public static IReadOnlyList<string> KeyVaults(JsonObject template)
    {
        var violations = new List<string>();
        foreach (var (vault, _) in ArmTemplate.Resources(template).Where(r => ArmTemplate.Type(r.Resource) == "Microsoft.KeyVault/vaults"
            && r.Resource["existing"]?.GetValue<bool>() != true))
        {
            var name = ArmTemplate.Name(vault);
            var properties = vault["properties"] as JsonObject ?? [];
            if (!IsTrue(properties["enableRbacAuthorization"]))
            {
                violations.Add($"{name}: enableRbacAuthorization is not true");
            }
            if (!IsTrue(properties["enablePurgeProtection"]))
            {
                violations.Add($"{name}: enablePurgeProtection is not true");
            }
            if (properties["enableSoftDelete"] is { } softDelete && !IsTrue(softDelete))
            {
                violations.Add($"{name}: enableSoftDelete is turned off");
            }
            if (properties["accessPolicies"] is JsonArray { Count: > 0 })
            {
                violations.Add($"{name}: has access policies; access is Azure RBAC only");
            }
        }
        return violations;
    }

    /// <summary>
    /// TLS 1.2 at least wherever a version is a setting, and plain HTTP off: storage accounts and web/function apps
    /// must set their minimum; any other TLS version property found anywhere must not be below 1.2.
    /// </summary>
    public static IReadOnlyList<string> Tls(JsonObject template)
    {
        var violations = new List<string>();
        foreach (var (resource, _) in ArmTemplate.Resources(template).Where(r => r.Resource["existing"]?.GetValue<bool>() != true))
        {
            var name = ArmTemplate.Name(resource);
            var properties = resource["properties"] as JsonObject ?? [];
            switch (ArmTemplate.Type(resource))
            {
                case "Microsoft.Storage/storageAccounts":
                    Require(properties["minimumTlsVersion"], "TLS1_2", $"{name}: minimumTlsVersion", violations);
                    if (properties["supportsHttpsTrafficOnly"] is { } httpsOnly && !IsTrue(httpsOnly))
                    {
                        violations.Add($"{name}: supportsHttpsTrafficOnly is false");
                    }
                    break;
                case "Microsoft.Web/sites":
                    Require(properties["siteConfig"]?["minTlsVersion"], "1.2", $"{name}: siteConfig.minTlsVersion", violations);
                    Require(properties["siteConfig"]?["scmMinTlsVersion"], "1.2", $"{name}: siteConfig.scmMinTlsVersion", violations);
                    if (!IsTrue(properties["httpsOnly"]))
                    {
                        violations.Add($"{name}: httpsOnly is not true");
                    }
                    break;
            }
            foreach (var (path, value) in TlsVersionSettings(resource, ""))
            {
                if (TooOld().IsMatch(value))
                {
                    violations.Add($"{name}: {path} is {value}, below TLS 1.2");
                }
            }
        }
        return violations;
    }

    /// <summary>
    /// Outputs carry no secret: none is secure-typed, none is read through a list* action (keys, SAS, credentials),
    /// and no name says it is a key, password, token or secret.
    /// </summary>
    public static IReadOnlyList<string> Outputs(JsonObject template)
    {
        var violations = new List<string>();
        foreach (var (name, output) in template["outputs"] as JsonObject ?? [])
        {
            var type = output?["type"]?.ToString() ?? "";
            var value = output?["value"]?.ToString() ?? "";
            if (type.StartsWith("secure", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add($"output {name} is {type}");
            }
            if (ListAction().IsMatch(value))
            {
                violations.Add($"output {name} is read with a list* action: {value}");
            }
            if (SecretName().IsMatch(name))
            {
                violations.Add($"output {name} is named like a secret");
            }
        }
        foreach (var (resource, _) in ArmTemplate.Resources(template).Where(r => ArmTemplate.Type(r.Resource) == "Microsoft.Resources/deployments"))
        {
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                violations.AddRange(Outputs(nested).Select(v => $"module {ArmTemplate.Name(resource)}: {v}"));
            }
        }
        return violations;
    }

    private static void Require(JsonNode? value, string expected, string what, List<string> violations)
    {
        if (value?.ToString() != expected)
        {
            violations.Add($"{what} is {value?.ToString() ?? "not set"}, expected {expected}");
        }
    }

    private static bool IsTrue(JsonNode? value) => value is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static IEnumerable<(string Path, string Value)> TlsVersionSettings(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    if (TlsSetting().IsMatch(key) && child is JsonValue)
                    {
                        yield return (childPath, child.ToString());
                    }
                    foreach (var inner in TlsVersionSettings(child, childPath))
                    {
                        yield return inner;
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var inner in TlsVersionSettings(array[i], $"{path}[{i}]"))
                    {
                        yield return inner;
                    }
                }
                break;
        }
    }

    [GeneratedRegex("^(minimum|min|scmMin|minimal)TlsVersion$", RegexOptions.IgnoreCase)]
    private static partial Regex TlsSetting();

    [GeneratedRegex(@"^(TLS)?1[._]?[01]$|^TLS1_0$|^TLS1_1$|^1\.[01]$", RegexOptions.IgnoreCase)]
    private static partial Regex TooOld();

    [GeneratedRegex(@"\blist[A-Za-z]*\(")]
    private static partial Regex ListAction();

    // Case matters for "key": KEY_VAULT and keyVault name the vault, not a key.
    [GeneratedRegex(@"(?i:password|secret|token|\bsas\b)|(?<![A-Z])KEY(?!_VAULT)|Key(?!Vault)")]
    private static partial Regex SecretName();
}
