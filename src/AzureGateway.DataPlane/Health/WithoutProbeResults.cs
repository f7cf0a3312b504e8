using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AzureGateway.DataPlane.Health;

/// <summary>
/// The health server's logging without the health check service's own lines: it logs each check's result on every
/// probe, and an Unhealthy one at Error, so a gateway waiting for its configuration would log an error per probe.
/// </summary>
internal sealed class WithoutProbeResults(ILoggerFactory inner) : ILoggerFactory
{
    /// <summary>The category of ASP.NET Core's health check service (its type is internal, hence the name).</summary>
    private const string HealthCheckService = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    public ILogger CreateLogger(string categoryName) =>
        categoryName == HealthCheckService ? NullLogger.Instance : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The factory is the caller's: it outlives the health server.</summary>
    public void Dispose()
    {
    }
}
