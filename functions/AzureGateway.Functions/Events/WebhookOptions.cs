namespace AzureGateway.Functions.Events;

/// <summary>Limits of the Key Vault events webhook, bound from the <c>Webhook</c> section (app setting <c>Webhook__MaxBodyBytes</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhook";

    /// <summary>
    /// The largest delivery read, in bytes; a larger one is answered 413 unread. Event Grid caps an event at 1 MB and
    /// a Key Vault certificate event is under 1 KB, so the default of 1 MiB refuses nothing Event Grid sends here.
    /// </summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
}
