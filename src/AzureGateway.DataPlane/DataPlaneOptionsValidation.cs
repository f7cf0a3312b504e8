using Microsoft.Extensions.Options;

namespace AzureGateway.DataPlane;

/// <summary>
/// What <see cref="DataPlaneOptions"/> must hold, one line per bad setting, named as in configuration
/// (<c>DataPlane:EndpointEjectionDuration must be positive</c>): a host validates the options at start with it, and
/// <see cref="GatewayDataPlane.StartAsync"/> refuses the same problems.
/// </summary>
public sealed class DataPlaneOptionsValidation : IValidateOptions<DataPlaneOptions>
{
    public ValidateOptionsResult Validate(string? name, DataPlaneOptions options) =>
        Problems(options) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;

    public static IReadOnlyList<string> Problems(DataPlaneOptions options)
    {
        var problems = new List<string>();
        void Positive(bool ok, string setting)
        {
            if (!ok)
            {
                problems.Add($"{DataPlaneOptions.SectionName}:{setting} must be positive");
            }
        }
        void NotNegative(bool ok, string setting)
        {
            if (!ok)
            {
                problems.Add($"{DataPlaneOptions.SectionName}:{setting} must not be negative");
            }
        }
        // Zero turns these off (no request time limit, no buffering, passive health off), so only negatives are wrong.
        NotNegative(options.DefaultBackendRequestTimeout >= TimeSpan.Zero, nameof(options.DefaultBackendRequestTimeout));
        NotNegative(options.MaxBufferedRequestBodyBytes >= 0, nameof(options.MaxBufferedRequestBodyBytes));
        NotNegative(options.EndpointEjectionThreshold >= 0, nameof(options.EndpointEjectionThreshold));
        NotNegative(options.DrainTimeout >= TimeSpan.Zero, nameof(options.DrainTimeout));
        Positive(options.BackendConnectTimeout > TimeSpan.Zero, nameof(options.BackendConnectTimeout));
        Positive(options.MaxRequestBodyBytes is null or > 0, nameof(options.MaxRequestBodyBytes));
        Positive(options.MaxRequestHeadersTotalBytes > 0, nameof(options.MaxRequestHeadersTotalBytes));
        Positive(options.MaxConcurrentConnections is null or > 0, nameof(options.MaxConcurrentConnections));
        Positive(options.MaxConnectionsPerBackend > 0, nameof(options.MaxConnectionsPerBackend));
        Positive(options.BackendConnectionIdleTimeout > TimeSpan.Zero, nameof(options.BackendConnectionIdleTimeout));
        Positive(options.BackendFailureLogInterval > TimeSpan.Zero, nameof(options.BackendFailureLogInterval));
        Positive(options.ClientFailureLogInterval > TimeSpan.Zero, nameof(options.ClientFailureLogInterval));
        Positive(options.EndpointEjectionDuration > TimeSpan.Zero, nameof(options.EndpointEjectionDuration));
        Positive(options.FrontendHandshakeTimeout > TimeSpan.Zero, nameof(options.FrontendHandshakeTimeout));
        NotNegative(options.TlsRouteIdleTimeout >= TimeSpan.Zero, nameof(options.TlsRouteIdleTimeout));
        return problems;
    }
}
