using AzureGateway.KeyVault.Bindings;
using AzureGateway.Model;

namespace AzureGateway.KeyVault.Notifying;

/// <summary>
/// Which bound objects the sync should look at now, from two snapshots of the cluster: those that are new, whose
/// binding names other certificates, or whose record of what was written has gone. Objects that merely stay
/// unfilled (a certificate that does not exist yet) are not named again on every change: the sync's reconcile
/// timer and its Key Vault events cover them. Pure: the same two snapshots give the same list.
/// </summary>
public static class BindingChanges
{
    /// <param name="before">The previous snapshot, or null for the first: then every object without a record is named.</param>
    public static IReadOnlyList<BoundObject> Between(ResourceSnapshot? before, ResourceSnapshot after)
    {
        var earlier = before is null ? null : BoundObject.In(before).ToDictionary(o => (o.Kind, o.Namespace, o.Name));
        return
        [
            .. BoundObject.In(after)
                .Where(now => earlier is null
                    ? !Recorded(now)
                    : !earlier.TryGetValue((now.Kind, now.Namespace, now.Name), out var then)
                        || !now.SameBindingAs(then)
                        || (Recorded(then) && !Recorded(now)))
                .OrderBy(o => o.Namespace, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal).ThenBy(o => o.Kind)
                .Select(o => BoundObject.At(o.Kind, o.Namespace, o.Name)),
        ];
    }

    private static bool Recorded(BoundObject bound) => bound.Annotations.ContainsKey(KeyVaultAnnotations.Version);
}
