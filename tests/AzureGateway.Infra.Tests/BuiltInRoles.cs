namespace AzureGateway.Infra.Tests;

/// <summary>
/// Azure built-in roles by their documented ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles),
/// and what the checks know about each: the resource type it must be scoped to and whether it is privileged.
/// </summary>
internal static class BuiltInRoles
{
    public sealed record Role(string Name, string Guid, string? ScopeType, bool Privileged);

    public static IReadOnlyList<Role> All { get; } =
    [
        new("Key Vault Certificate User", "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba", "Microsoft.KeyVault/vaults", false),
        new("Key Vault Certificates Officer", "a4417e6f-fecd-4de8-b567-7b0420556985", "Microsoft.KeyVault/vaults", false),
        new("Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults", false),
        new("Azure Kubernetes Service Cluster User Role", "4abbcc35-e782-43d8-92c5-2d3f1bd2253f", "Microsoft.ContainerService/managedClusters", false),
        new("Azure Kubernetes Service RBAC Writer", "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb", "Microsoft.ContainerService/managedClusters", false),
        new("AcrPull", "7f951dda-4ed3-4680-a7ca-43fe172d538d", "Microsoft.ContainerRegistry/registries", false),
        new("Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts", false),
        new("Storage Blob Data Contributor", "ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Microsoft.Storage/storageAccounts", false),
        new("Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components", false),
        // Privileged: never for a workload. The deploying user may get the cluster one, to install CRDs and RBAC.
        new("Azure Kubernetes Service RBAC Cluster Admin", "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b", "Microsoft.ContainerService/managedClusters", true),
        new("Azure Kubernetes Service RBAC Admin", "3498e952-d568-435e-9b2c-8d77e338d7f7", "Microsoft.ContainerService/managedClusters", true),
        new("Azure Kubernetes Service Cluster Admin Role", "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8", "Microsoft.ContainerService/managedClusters", true),
        new("Azure Kubernetes Service Contributor Role", "ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8", "Microsoft.ContainerService/managedClusters", true),
        new("Key Vault Administrator", "00482a5a-887f-4fb3-b363-3b7fe8e74483", "Microsoft.KeyVault/vaults", true),
        new("Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", null, true),
        new("Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c", null, true),
        new("User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", null, true),
        new("Role Based Access Control Administrator", "f58310d9-a9f6-439a-9e8d-f62e7b41a168", null, true),
    ];

    public static Role? ByGuid(string guid) => All.SingleOrDefault(r => string.Equals(r.Guid, guid, StringComparison.OrdinalIgnoreCase));
}
