namespace AzureGateway.Conformance.Report;

/// <summary>
/// The Gateway API v1.6 GATEWAY-TLS conformance profile, the features it adds to those the HTTP profile's table already
/// lists (Gateway, ReferenceGrant and the Gateway extended set): TLSRoute, its Core, and the TLSRoute extended set of
/// pkg/features (TLSRouteModeMixed is in the experimental channel but part of the profile all the same).
/// </summary>
public static class TlsProfile
{
    public const string Name = "GATEWAY-TLS";

    public static IReadOnlyList<string> CoreFeatures { get; } = ["TLSRoute"];

    public static IReadOnlyList<string> ExtendedFeatures { get; } = ["TLSRouteModeMixed", "TLSRouteModeTerminate"];
}
