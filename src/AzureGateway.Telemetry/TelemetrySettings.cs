using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace AzureGateway.Telemetry;

/// <summary>What one application exports and where: Azure Monitor when a connection string is given, else a
/// Prometheus <c>/metrics</c> endpoint served by the application itself.</summary>
public sealed record TelemetrySettings
{
    /// <summary>The app setting Azure gives an application for its Application Insights resource.</summary>
    public const string ConnectionStringVariable = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The <c>service.name</c> every signal carries.</summary>
    public required string ServiceName { get; init; }

    /// <summary>The <c>service.version</c>: the informational version of the application's assembly.</summary>
    public required Assembly Application { get; init; }

    /// <summary>The meters whose instruments are exported, besides ASP.NET Core's request metrics.</summary>
    public required IReadOnlyList<string> Meters { get; init; }

    /// <summary>
    /// Traces, metrics and logs go to this Application Insights resource. Null: only metrics are collected, for
    /// the application's <c>/metrics</c> endpoint, and nothing leaves the process unasked.
    /// </summary>
    public string? AzureMonitorConnectionString { get; init; }

    /// <summary>Which incoming requests are traced; null traces every one.</summary>
    public Func<HttpContext, bool>? TraceRequest { get; init; }

    /// <summary>Metrics are read by scraping <c>/metrics</c> (there is no Azure Monitor connection string).</summary>
    public bool ServesPrometheus => AzureMonitorConnectionString is null;

    /// <summary>The connection string <paramref name="setting"/> gives for <see cref="ConnectionStringVariable"/>; blank counts as none.</summary>
    public static string? ConnectionString(Func<string, string?> setting) =>
        setting(ConnectionStringVariable) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
