namespace AzureGateway.Translation.Policies;

/// <summary>The reasons of an <c>alb.networking.azure.io/v1</c> RoutePolicy's <c>Accepted</c> condition, as AGC names them.</summary>
internal static class RoutePolicyReasons
{
    public const string Accepted = "Accepted";
    public const string AcceptedWithTimeoutConflict = "AcceptedWithTimeoutConflict";
    public const string Conflicted = "Conflicted";
    public const string InvalidRoutePolicy = "InvalidRoutePolicy";
    public const string InvalidHttpRoute = "InvalidHTTPRoute";
    public const string InvalidGroup = "InvalidGroup";
    public const string InvalidKind = "InvalidKind";
    public const string NoTargetReference = "NoTargetReference";
    public const string OverrideNotSupported = "OverrideNotSupported";
    public const string RefNotPermitted = "RefNotPermitted";
    public const string SectionNamesNotPermitted = "SectionNamesNotPermitted";

    public const string AcceptedMessage = "Valid RoutePolicy";
}
