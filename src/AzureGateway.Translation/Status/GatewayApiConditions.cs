namespace AzureGateway.Translation.Status;

/// <summary>Condition types of the Gateway API statuses (GatewayClass, Gateway, listener, route parent, policy).</summary>
public static class ConditionTypes
{
    public const string Accepted = "Accepted";
    public const string Programmed = "Programmed";
    public const string ResolvedRefs = "ResolvedRefs";
    public const string Conflicted = "Conflicted";
    public const string PartiallyInvalid = "PartiallyInvalid";
}

/// <summary>
/// Condition reasons, spelled as the Gateway API defines them, so that tools which read statuses
/// (kubectl, conformance checks) recognise them.
/// </summary>
public static class Reasons
{
    // Shared by several condition types.
    public const string Accepted = "Accepted";
    public const string Programmed = "Programmed";
    public const string ResolvedRefs = "ResolvedRefs";
    public const string Invalid = "Invalid";
    public const string RefNotPermitted = "RefNotPermitted";
    public const string UnsupportedValue = "UnsupportedValue";

    // Gateway and GatewayClass.
    public const string ListenersNotValid = "ListenersNotValid";
    public const string InvalidParameters = "InvalidParameters";

    // Listener.
    public const string UnsupportedProtocol = "UnsupportedProtocol";
    public const string PortUnavailable = "PortUnavailable";
    public const string HostnameConflict = "HostnameConflict";
    public const string ProtocolConflict = "ProtocolConflict";
    public const string InvalidCertificateRef = "InvalidCertificateRef";
    public const string InvalidRouteKinds = "InvalidRouteKinds";

    // Route parent.
    public const string NotAllowedByListeners = "NotAllowedByListeners";
    public const string NoMatchingListenerHostname = "NoMatchingListenerHostname";
    public const string NoMatchingParent = "NoMatchingParent";

    // Policy (BackendTLSPolicy Accepted=False when a policy of higher precedence holds its target).
    public const string Conflicted = "Conflicted";
}
