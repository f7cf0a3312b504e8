namespace AzureGateway.Translation.Frontend;

/// <summary>Listener and Gateway reasons of GEP-91 (frontend client certificate validation), as the Gateway API spells them.</summary>
internal static class FrontendReasons
{
    public const string InvalidCaCertificateRef = "InvalidCACertificateRef";
    public const string InvalidCaCertificateKind = "InvalidCACertificateKind";
    public const string NoValidCaCertificate = "NoValidCACertificate";

    public const string InsecureFrontendValidationMode = "InsecureFrontendValidationMode";
    public const string ConfigurationChanged = "ConfigurationChanged";
}
