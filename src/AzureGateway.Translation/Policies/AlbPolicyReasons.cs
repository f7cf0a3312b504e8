namespace AzureGateway.Translation.Policies;

/// <summary>
/// The condition reasons of the <c>alb.networking.azure.io/v1</c> policies AzureGateway reads (RoutePolicy,
/// FrontendTLSPolicy, HealthCheckPolicy), as Application Gateway for Containers names them: one vocabulary shared by its policies, plus the
/// reasons only one kind uses.
/// </summary>
internal static class AlbPolicyReasons
{
    public const string Accepted = "Accepted";
    public const string ResolvedRefs = "ResolvedRefs";
    public const string Conflicted = "Conflicted";
    public const string InvalidGroup = "InvalidGroup";
    public const string InvalidKind = "InvalidKind";
    public const string InvalidName = "InvalidName";
    public const string InvalidCertificateRef = "InvalidCertificateRef";
    public const string NoTargetReference = "NoTargetReference";
    public const string OverrideNotSupported = "OverrideNotSupported";
    public const string RefNotPermitted = "RefNotPermitted";
    public const string SectionNamesNotPermitted = "SectionNamesNotPermitted";

    // RoutePolicy only.
    public const string AcceptedWithTimeoutConflict = "AcceptedWithTimeoutConflict";
    public const string InvalidRoutePolicy = "InvalidRoutePolicy";
    public const string InvalidHttpRoute = "InvalidHTTPRoute";

    // FrontendTLSPolicy only.
    public const string InvalidPolicyName = "InvalidPolicyName";
    public const string InvalidPolicyType = "InvalidPolicyType";

    // HealthCheckPolicy only.
    public const string InvalidHealthCheckPolicy = "InvalidHealthCheckPolicy";
    public const string InvalidService = "InvalidService";
    public const string UnsupportedStatusCodes = "UnsupportedStatusCodes";
    public const string BackendTlsPolicyNotFound = "BackendTLSPolicyNotFound";
}
