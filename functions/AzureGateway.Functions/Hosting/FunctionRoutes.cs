namespace AzureGateway.Functions.Hosting;

/// <summary>
/// The paths the Functions host calls, as the function.json files declare them. Trigger functions other than HTTP
/// are invoked at <c>/{FunctionName}</c>; HTTP functions are forwarded unchanged to <c>/api/{route}</c>
/// (host.json keeps the default route prefix <c>api</c>).
/// </summary>
internal static class FunctionRoutes
{
    /// <summary>Event Grid trigger, invoked by the host with the custom handler envelope.</summary>
    public const string KeyVaultCertificateEvents = "/KeyVaultCertificateEvents";

    /// <summary>The same events delivered straight by an Event Grid webhook subscription (function KeyVaultCertificateWebhook).</summary>
    public const string KeyVaultCertificateWebhook = "/api/keyvault/certificate-events";

    /// <summary>Timer trigger, invoked by the host with the custom handler envelope.</summary>
    public const string Reconcile = "/Reconcile";

    /// <summary>A manual reconcile over HTTP (function ReconcileNow).</summary>
    public const string ReconcileNow = "/api/reconcile";

    /// <summary>The cluster watch's notice that bound objects were created or changed (function ClusterChanged).</summary>
    public const string ClusterChanged = "/api/cluster-changed";
}
