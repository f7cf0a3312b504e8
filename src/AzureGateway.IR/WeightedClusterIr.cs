namespace AzureGateway.IR;

public sealed record WeightedClusterIr
{
    public required string Cluster { get; init; }
    public required int Weight { get; init; }

    /// <summary>Filters of this backendRef, applied after the rule's when this backend is picked; null for none.</summary>
    public HttpFiltersIr? Filters { get; init; }
}
