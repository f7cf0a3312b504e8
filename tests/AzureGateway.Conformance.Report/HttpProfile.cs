namespace AzureGateway.Conformance.Report;

/// <summary>
/// The Gateway API v1.6 GATEWAY-HTTP conformance profile: its Core features, which every implementation must
/// have, and the Extended features an implementation may claim (the Gateway, HTTPRoute and BackendTLSPolicy
/// extended sets of the Gateway API's pkg/features; the retry and destination-port ones are in its experimental
/// channel but part of the profile all the same).
/// </summary>
public static class HttpProfile
{
    public const string Name = "GATEWAY-HTTP";
    public const string GatewayApiVersion = "v1.6.1";
    public const string Channel = "standard";

    /// <summary>The trait value of a case that checks a Core behaviour.</summary>
    public const string CoreTrait = "Core";

    public static IReadOnlyList<string> CoreFeatures { get; } = ["Gateway", "HTTPRoute", "ReferenceGrant"];

    public static IReadOnlyList<string> ExtendedFeatures { get; } =
    [
        "BackendTLSPolicy",
        "BackendTLSPolicySANValidation",
        "GatewayAddressEmpty",
        "GatewayBackendClientCertificate",
        "GatewayFrontendClientCertificateValidation",
        "GatewayFrontendClientCertificateValidationInsecureFallback",
        "GatewayHTTPListenerIsolation",
        "GatewayHTTPSListenerDetectMisdirectedRequests",
        "GatewayInfrastructurePropagation",
        "GatewayPort8080",
        "GatewayStaticAddresses",
        "HTTPRoute303RedirectStatusCode",
        "HTTPRoute307RedirectStatusCode",
        "HTTPRoute308RedirectStatusCode",
        "HTTPRouteBackendProtocolH2C",
        "HTTPRouteBackendProtocolWebSocket",
        "HTTPRouteBackendRequestHeaderModification",
        "HTTPRouteBackendTimeout",
        "HTTPRouteCORS",
        "HTTPRouteDestinationPortMatching",
        "HTTPRouteHostRewrite",
        "HTTPRouteMethodMatching",
        "HTTPRouteNamedRouteRule",
        "HTTPRouteParentRefPort",
        "HTTPRoutePathRedirect",
        "HTTPRoutePathRewrite",
        "HTTPRoutePortRedirect",
        "HTTPRouteQueryParamMatching",
        "HTTPRouteRequestMirror",
        "HTTPRouteRequestMultipleMirrors",
        "HTTPRouteRequestPercentageMirror",
        "HTTPRouteRequestTimeout",
        "HTTPRouteResponseHeaderModification",
        "HTTPRouteRetry",
        "HTTPRouteRetryBackendTimeout",
        "HTTPRouteRetryConnectionError",
        "HTTPRouteSchemeRedirect",
        "ListenerSet",
    ];
}
