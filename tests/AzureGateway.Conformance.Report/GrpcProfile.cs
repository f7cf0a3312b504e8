namespace AzureGateway.Conformance.Report;

/// <summary>
/// The Gateway API v1.6 GATEWAY-GRPC conformance profile, the features it adds to those the HTTP profile's table already
/// lists (Gateway, ReferenceGrant and the Gateway extended set): GRPCRoute, its Core. pkg/features defines no GRPCRoute
/// extended feature.
/// </summary>
public static class GrpcProfile
{
    public const string Name = "GATEWAY-GRPC";

    public static IReadOnlyList<string> CoreFeatures { get; } = ["GRPCRoute"];

    public static IReadOnlyList<string> ExtendedFeatures { get; } = [];
}
