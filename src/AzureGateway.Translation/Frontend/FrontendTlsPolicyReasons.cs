namespace AzureGateway.Translation.Frontend;

/// <summary>The reasons of an <c>alb.networking.azure.io/v1</c> FrontendTLSPolicy's conditions, as AGC names them.</summary>
internal static class FrontendTlsPolicyReasons
{
    public const string Accepted = "Accepted";
    public const string ResolvedRefs = "ResolvedRefs";
    public const string Conflicted = "Conflicted";
    public const string InvalidGroup = "InvalidGroup";
    public const string InvalidKind = "InvalidKind";
    public const string InvalidName = "InvalidName";
    public const string InvalidPolicyName = "InvalidPolicyName";
    public const string InvalidPolicyType = "InvalidPolicyType";
    public const string InvalidCertificateRef = "InvalidCertificateRef";
    public const string NoTargetReference = "NoTargetReference";
    public const string OverrideNotSupported = "OverrideNotSupported";
    public const string RefNotPermitted = "RefNotPermitted";

    public const string AcceptedMessage = "Valid FrontendTLSPolicy";
}
