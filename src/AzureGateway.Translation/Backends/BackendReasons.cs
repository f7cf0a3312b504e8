using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Backends;

/// <summary>
/// Reasons and fixed messages only the backend half of the translator writes; those the Gateway API shares with
/// the rest of the translator are in <see cref="Reasons"/> and <see cref="ConditionTypes"/>.
/// </summary>
internal static class BackendReasons
{
    // HTTPRoute ResolvedRefs=False (Gateway API, then Envoy Gateway's own where the spec has none).
    public const string BackendNotFound = "BackendNotFound";
    public const string InvalidKind = "InvalidKind";
    public const string PortNotSpecified = "PortNotSpecified";
    public const string PortNotFound = "PortNotFound";
    public const string InvalidBackendRef = "InvalidBackendRef";
    public const string InvalidBackendTls = "InvalidBackendTLS";

    // Gateway ResolvedRefs=False for spec.tls.backend.clientCertificateRef (GEP-3155).
    public const string InvalidClientCertificateRef = "InvalidClientCertificateRef";

    // gateway.networking.k8s.io BackendTLSPolicy.
    public const string NoValidCACertificate = "NoValidCACertificate";
    public const string InvalidCACertificateRef = "InvalidCACertificateRef";
    public const string PolicyAcceptedMessage = "Policy has been accepted.";
    public const string ResolvedRefsMessage = "Resolved all the Object references.";

    // alb.networking.azure.io BackendTLSPolicy (its PolicyConditionReason vocabulary).
    public const string OverrideNotSupported = "OverrideNotSupported";
    public const string InvalidTargetReference = "InvalidTargetReference";
    public const string ServiceNotFound = "ServiceNotFound";
    public const string AlbAcceptedMessage = "Valid BackendTLSPolicy";

    // gateway.envoyproxy.io Backend.
    public const string BackendAcceptedMessage = "The Backend was accepted.";
}
