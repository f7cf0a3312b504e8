namespace AzureGateway.IR;

/// <summary>
/// A set of endpoints reached the same way. A cluster whose settings could not be honoured carries a
/// <c>Failure</c>: the data plane answers 500 for it and never contacts it (no plain-text fallback).
/// </summary>
public sealed record ClusterIr
{
    /// <summary>
    /// Stable id, e.g. <c>test-infra/gateway-01/service/test-infra/mtls-app/443</c> or
    /// <c>default/eg/backend/default/tls-backend</c>: per Gateway, because the client certificate is.
    /// </summary>
    public required string Name { get; init; }
    public EquatableArray<EndpointIr> Endpoints { get; init; } = EquatableArray<EndpointIr>.Empty;

    /// <summary>TLS to the endpoints, or null for plain HTTP.</summary>
    public UpstreamTlsIr? Tls { get; init; }

    /// <summary>Active health probes sent to each endpoint (AGC HealthCheckPolicy), or null for none.</summary>
    public HealthCheckIr? HealthCheck { get; init; }

    /// <summary>Why this cluster must not be used, in words for a person; null when it is usable.</summary>
    public string? Failure { get; init; }
}

/// <summary>A host (IP address or DNS name) and port.</summary>
public sealed record EndpointIr
{
    public required string Host { get; init; }
    public required int Port { get; init; }
}
