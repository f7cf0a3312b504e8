using AzureGateway.Model;

namespace AzureGateway.KeyVault.Writing;

/// <summary>
/// Every API call the certificate sync makes (<see cref="KubernetesBoundObjects"/>), as RBAC rules: what the
/// functions app's identity needs in the cluster. The gateway itself needs none of it.
/// </summary>
public static class KeyVaultSyncAccess
{
    public static IReadOnlyList<AccessRule> Rules { get; } =
    [
        // List cluster-wide to find bindings, read one again after a conflict, merge-patch the certificates in.
        new("", "secrets", ["list", "get", "patch"]),
        new("", "configmaps", ["list", "get", "patch"]),
    ];
}
