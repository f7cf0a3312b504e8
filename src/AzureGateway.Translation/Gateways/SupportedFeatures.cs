using System.Collections.Immutable;

namespace AzureGateway.Translation.Gateways;

/// <summary>
/// The Gateway API features this gateway claims, named as Gateway API v1.6 names them for conformance: the Core
/// features of the HTTP profile (Gateway, HTTPRoute, ReferenceGrant) and the Extended ones it serves, and those of the
/// GRPC profile (GRPCRoute) and the TLS profile (TLSRoute). Standard
/// channel only, so HTTPRouteRetry (experimental in v1.6) is not among them. Every accepted GatewayClass reports
/// them in <c>status.supportedFeatures</c>, and the conformance report is built from the same list: a name is added
/// here once the behaviour passes its conformance cases, never before.
/// </summary>
public static class SupportedFeatures
{
    /// <summary>Sorted in ascending order, as the spec requires of <c>status.supportedFeatures</c>.</summary>
    public static ImmutableArray<string> Names { get; } = [.. new[]
    {
        // Core of the HTTP profile.
        "Gateway",
        "HTTPRoute",
        "ReferenceGrant",

        // Extended: backend TLS.
        "BackendTLSPolicy",
        "BackendTLSPolicySANValidation",
        "GatewayBackendClientCertificate",

        // Extended: Gateway.
        "GatewayFrontendClientCertificateValidation",
        "GatewayFrontendClientCertificateValidationInsecureFallback",
        "GatewayHTTPListenerIsolation",
        "GatewayHTTPSListenerDetectMisdirectedRequests",
        "GatewayPort8080",

        // Extended: HTTPRoute.
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
        "HTTPRouteSchemeRedirect",

        // The GATEWAY-GRPC profile: GRPCRoute is its only feature, Core.
        "GRPCRoute",

        // The GATEWAY-TLS profile: TLSRoute (Passthrough) is its Core, Terminate and both modes on one port Extended.
        "TLSRoute",
        "TLSRouteModeMixed",
        "TLSRouteModeTerminate",
    }.Order(StringComparer.Ordinal)];
}
