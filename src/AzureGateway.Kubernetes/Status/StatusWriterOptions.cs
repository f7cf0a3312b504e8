namespace AzureGateway.Kubernetes.Status;

public sealed record StatusWriterOptions
{
    /// <summary>
    /// The data plane's Service (namespace and name): its load balancer's IP or hostname is written as every served
    /// Gateway's <c>status.addresses</c>. Null leaves addresses alone.
    /// </summary>
    public (string Namespace, string Name)? AddressService { get; init; }

    /// <summary>How many times a write that met a 409 Conflict is retried with a fresh read.</summary>
    public int ConflictRetries { get; init; } = 5;
}
