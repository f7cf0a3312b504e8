namespace AzureGateway.Kubernetes.Leadership;

public sealed record LeadershipOptions
{
    /// <summary>The namespace of the coordination.k8s.io Lease (the gateway's own).</summary>
    public required string Namespace { get; init; }

    public string LeaseName { get; init; } = "azure-gateway-status-writer";

    /// <summary>This replica's name in the Lease (its pod name).</summary>
    public required string Identity { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
