namespace AzureGateway.Model;

/// <summary>A <c>metav1.Condition</c> as the Gateway API writes it.</summary>
public sealed record Condition
{
    public required string Type { get; init; }
    /// <summary>"True", "False" or "Unknown".</summary>
    public required string Status { get; init; }
    public required string Reason { get; init; }
    public required string Message { get; init; }
    public long? ObservedGeneration { get; init; }
    public DateTimeOffset LastTransitionTime { get; init; }
}
