using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AzureGateway.DataPlane.Health;

/// <summary>Ready while a configuration is served that gives the gateway something to serve; else the one-line reason.</summary>
internal sealed class ReadinessCheck : IHealthCheck
{
    public const string Name = "configuration";

    public volatile string? NotReadyReason = "no configuration applied yet";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(NotReadyReason is { } reason ? HealthCheckResult.Unhealthy(reason) : HealthCheckResult.Healthy());
}
