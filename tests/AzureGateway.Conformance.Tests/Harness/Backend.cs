namespace AzureGateway.Conformance.Tests.Harness;

/// <summary>
/// An echo backend of a scenario, reached as the Service <see cref="Name"/> port <see cref="ServicePort"/> in
/// <see cref="Namespace"/>; it answers with its name, so a case can assert which backend answered.
/// <see cref="MutualTls"/> backends speak HTTPS and require the gateway's client certificate; their
/// BackendTLSPolicy asks for <see cref="SubjectAltName"/> when it is set.
/// </summary>
public sealed record Backend(string Namespace, string Name, bool MutualTls = false)
{
    /// <summary>A Hostname subjectAltName the backend's BackendTLSPolicy requires of its certificate.</summary>
    public string? SubjectAltName { get; init; }

    /// <summary>
    /// Whether the scenario writes the mutual-TLS backend's TLS policy itself (an ALB BackendTLSPolicy, an Envoy Gateway
    /// Backend) instead of the Gateway API BackendTLSPolicy written beside its Service.
    /// </summary>
    public bool TlsPolicyInScenario { get; init; }

    /// <summary>The DNS names of the backend's certificate besides the policy's hostname.</summary>
    public IReadOnlyList<string> ExtraCertificateNames { get; init; } = [];

    public const int ServicePort = 8080;

    /// <summary>The name the backend reports, unique across namespaces.</summary>
    public string Identity => $"{Namespace}/{Name}";
}
