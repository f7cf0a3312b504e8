using k8s.Models;

namespace AzureGateway.Translation.Gateways;

/// <summary>
/// The Gateway API's tie-break between resources: the oldest first (creationTimestamp), then
/// <c>namespace/name</c> in alphabetical order.
/// </summary>
public static class ResourceOrder
{
    /// <summary>
    /// Compares two objects by age, then namespace, then name. A manifest without a creationTimestamp (usual in a
    /// folder) counts as newer than any that has one, so an object whose age is known keeps its precedence.
    /// </summary>
    public static int Compare(V1ObjectMeta a, V1ObjectMeta b)
    {
        var byAge = Created(a).CompareTo(Created(b));
        if (byAge != 0)
        {
            return byAge;
        }
        return CompareByName(a, b);
    }

    /// <summary>Alphabetical <c>namespace/name</c> order, for output that must not depend on input order.</summary>
    public static int CompareByName(V1ObjectMeta a, V1ObjectMeta b)
    {
        var byNamespace = string.CompareOrdinal(TranslationContext.Namespace(a), TranslationContext.Namespace(b));
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(a.Name, b.Name);
    }

    private static DateTime Created(V1ObjectMeta metadata) =>
        metadata.CreationTimestamp?.ToUniversalTime() ?? DateTime.MaxValue;
}
