namespace AzureGateway.Kubernetes.Watching;

public sealed record KubernetesSourceOptions
{
    /// <summary>How long a burst of watch events settles before a snapshot is published: an apply is many events.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The first wait before a failed list or a dropped watch is retried; it doubles, with jitter, up to
    /// <see cref="MaxBackoff"/>.
    /// </summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a kind whose CRD is not installed is listed again.</summary>
    public TimeSpan MissingKindRetry { get; init; } = TimeSpan.FromMinutes(1);
}
