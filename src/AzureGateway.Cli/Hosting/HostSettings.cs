using AzureGateway.DataPlane;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Cli.Hosting;

/// <summary>What the command line gives <see cref="GatewayHost"/>.</summary>
internal sealed record HostSettings
{
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary><c>--health-port</c>: where the probes (and the metrics scrape) are answered; null for nowhere.</summary>
    public int? HealthPort { get; init; }

    /// <summary>
    /// The data plane settings the command line gives (<c>--port-offset</c>, <c>--listen-address</c>); the
    /// configuration's <c>DataPlane</c> section is bound over them, and the command line adds its values to that
    /// section too, so an option given on the command line wins.
    /// </summary>
    public DataPlaneOptions DataPlane { get; init; } = new();

    /// <summary>Configuration keys the command line sets, on top of the environment.</summary>
    public IReadOnlyDictionary<string, string?> CommandLine { get; init; } = new Dictionary<string, string?>();
}
