namespace AzureGateway.Functions.Events;

/// <summary>Limits of the HTTP functions that take a body (the Key Vault events webhook, cluster change notices), bound from the <c>Webhook</c> section (app setting <c>Webhook__MaxBodyBytes</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhook";

    /// <summary>
    /// The largest body read, in bytes; a larger one is answered 413 unread. Event Grid caps an event at 1 MB, a Key
    /// Vault certificate event is under 1 KB and a notice naming the most objects allowed under 200 KB, so the default
    /// of 1 MiB refuses nothing a legitimate sender sends.
    /// </summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
}
