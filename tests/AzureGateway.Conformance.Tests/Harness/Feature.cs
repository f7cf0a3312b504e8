namespace AzureGateway.Conformance.Tests.Harness;

/// <summary>
/// The trait every case carries: <c>[Trait(Feature.Trait, Feature.X)]</c>. The names are the Gateway API's feature
/// names (pkg/features), so the report can count cases per feature; <see cref="Core"/> marks a behaviour every
/// implementation of the HTTP profile must have.
/// </summary>
public static class Feature
{
    public const string Trait = "Feature";

    public const string Core = "Core";

    public const string BackendTlsPolicy = "BackendTLSPolicy";
    public const string BackendTlsPolicySanValidation = "BackendTLSPolicySANValidation";
    public const string GatewayBackendClientCertificate = "GatewayBackendClientCertificate";
    public const string GatewayFrontendClientCertificateValidation = "GatewayFrontendClientCertificateValidation";
    public const string GatewayFrontendClientCertificateValidationInsecureFallback = "GatewayFrontendClientCertificateValidationInsecureFallback";
    public const string GatewayHttpListenerIsolation = "GatewayHTTPListenerIsolation";
    public const string GatewayHttpsListenerDetectMisdirectedRequests = "GatewayHTTPSListenerDetectMisdirectedRequests";
    public const string GatewayPort8080 = "GatewayPort8080";
    public const string GrpcRoute = "GRPCRoute";
    public const string HttpRouteBackendRequestHeaderModification = "HTTPRouteBackendRequestHeaderModification";
    public const string HttpRouteBackendTimeout = "HTTPRouteBackendTimeout";
    public const string HttpRouteCors = "HTTPRouteCORS";
    public const string HttpRouteHostRewrite = "HTTPRouteHostRewrite";
    public const string HttpRouteMethodMatching = "HTTPRouteMethodMatching";
    public const string HttpRouteNamedRouteRule = "HTTPRouteNamedRouteRule";
    public const string HttpRouteParentRefPort = "HTTPRouteParentRefPort";
    public const string HttpRoutePathRedirect = "HTTPRoutePathRedirect";
    public const string HttpRoutePathRewrite = "HTTPRoutePathRewrite";
    public const string HttpRoutePortRedirect = "HTTPRoutePortRedirect";
    public const string HttpRouteQueryParamMatching = "HTTPRouteQueryParamMatching";
    public const string HttpRouteRequestMirror = "HTTPRouteRequestMirror";
    public const string HttpRouteRequestMultipleMirrors = "HTTPRouteRequestMultipleMirrors";
    public const string HttpRouteRequestPercentageMirror = "HTTPRouteRequestPercentageMirror";
    public const string HttpRouteRequestTimeout = "HTTPRouteRequestTimeout";
    public const string HttpRouteResponseHeaderModification = "HTTPRouteResponseHeaderModification";
    public const string HttpRouteRetry = "HTTPRouteRetry";
    public const string HttpRouteSchemeRedirect = "HTTPRouteSchemeRedirect";
    public const string HttpRoute303RedirectStatusCode = "HTTPRoute303RedirectStatusCode";
    public const string HttpRoute307RedirectStatusCode = "HTTPRoute307RedirectStatusCode";
    public const string HttpRoute308RedirectStatusCode = "HTTPRoute308RedirectStatusCode";
    public const string TlsRoute = "TLSRoute";
    public const string TlsRouteModeMixed = "TLSRouteModeMixed";
    public const string TlsRouteModeTerminate = "TLSRouteModeTerminate";
}
