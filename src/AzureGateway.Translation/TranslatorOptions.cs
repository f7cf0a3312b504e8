namespace AzureGateway.Translation;

public sealed record TranslatorOptions
{
    /// <summary>The clock for expiry checks and condition timestamps; tests fix it.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The GatewayClass controller names served. Null serves every GatewayClass, as the folder mode does: the
    /// folder is the gateway's whole world, so AGC and Envoy Gateway manifests run unchanged.
    /// </summary>
    public IReadOnlySet<string>? ControllerNames { get; init; }
}
