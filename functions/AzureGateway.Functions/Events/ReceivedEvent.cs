using AzureGateway.KeyVault;

namespace AzureGateway.Functions.Events;

/// <summary>One event of a delivery, read into what the app does with it.</summary>
internal abstract record ReceivedEvent(string Type);

/// <summary>Event Grid asks the webhook to prove it wants the subscription's events.</summary>
internal sealed record SubscriptionValidationRequested(string Type, string ValidationCode) : ReceivedEvent(Type);

/// <summary>Something happened to a Key Vault certificate at <paramref name="Time"/> (when the event says).</summary>
internal sealed record CertificateEvent(string Type, CertificateEventKind Kind, KeyVaultCertificateId Certificate, DateTimeOffset? Time)
    : ReceivedEvent(Type);

/// <summary>An event the app has nothing to do with; it is acknowledged so Event Grid does not retry it.</summary>
internal sealed record IgnoredEvent(string Type, string Reason) : ReceivedEvent(Type);

internal enum CertificateEventKind
{
    NewVersionCreated,
    NearExpiry,
    Expired,
}
