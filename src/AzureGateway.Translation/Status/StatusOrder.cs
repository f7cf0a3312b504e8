namespace AzureGateway.Translation.Status;

/// <summary>
/// The order statuses are printed in: GatewayClasses, Gateways, HTTPRoutes, GRPCRoutes, then every other kind
/// alphabetically (by kind, then apiVersion, since two groups may both have a BackendTLSPolicy); within a kind
/// by namespace, then name.
/// </summary>
public sealed class StatusOrder : IComparer<ResourceStatus>
{
    public static readonly StatusOrder Instance = new();

    private static readonly string[] Leading = ["GatewayClass", "Gateway", "HTTPRoute", "GRPCRoute"];

    public int Compare(ResourceStatus? x, ResourceStatus? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : 1) : -1;
        }
        var a = x.Resource;
        var b = y.Resource;
        int order;
        if ((order = Rank(a.Kind).CompareTo(Rank(b.Kind))) != 0 ||
            (order = string.CompareOrdinal(a.Kind, b.Kind)) != 0 ||
            (order = string.CompareOrdinal(a.ApiVersion, b.ApiVersion)) != 0 ||
            (order = string.CompareOrdinal(a.Namespace, b.Namespace)) != 0)
        {
            return order;
        }
        return string.CompareOrdinal(a.Name, b.Name);
    }

    private static int Rank(string kind) => Array.IndexOf(Leading, kind) is var index and >= 0 ? index : Leading.Length;
}
