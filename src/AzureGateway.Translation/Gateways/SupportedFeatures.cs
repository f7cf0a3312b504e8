namespace AzureGateway.Translation.Gateways;

/// <summary>
/// The Gateway API features (names as in the Gateway API's pkg/features) this gateway claims: the GatewayClass
/// reports them, the conformance suite proves them and the README's support table lists them.
/// </summary>
public static class SupportedFeatures
{
    public static IReadOnlyList<string> All { get; } =
    [
        "BackendTLSPolicy",
        "BackendTLSPolicySANValidation",
        "Gateway",
        "GatewayBackendClientCertificate",
        "GatewayHTTPListenerIsolation",
        "GatewayHTTPSListenerDetectMisdirectedRequests",
        "GatewayPort8080",
        "HTTPRoute",
        "HTTPRoute303RedirectStatusCode",
        "HTTPRoute307RedirectStatusCode",
        "HTTPRoute308RedirectStatusCode",
        "HTTPRouteBackendRequestHeaderModification",
        "HTTPRouteBackendTimeout",
        "HTTPRouteCORS",
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
        "HTTPRouteSchemeRedirect",
        "ReferenceGrant",
    ];
}
