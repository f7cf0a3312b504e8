using AzureGateway.KeyVault;

namespace AzureGateway.Functions.Events;


/// <summary>
/// Hands each event of a delivery to the certificate sync. A failing sync is not caught here: the delivery must
/// fail as a whole so Event Grid delivers it again, and the sync's writes are idempotent, so events that already
/// went through change nothing the second time.
/// </summary>
internal sealed partial class KeyVaultEventProcessor(
    ICertificateSync sync, KeyVaultEventMetrics metrics, TimeProvider time, ILogger<KeyVaultEventProcessor> logger)
{
    /// <summary>Handles every event of a delivery; answers the validation code to echo, if Event Grid asked for one.</summary>
    public async Task<string?> ProcessAsync(IReadOnlyList<ReceivedEvent> events, CancellationToken cancellationToken)
    {
        string? validationCode = null;
        foreach (var received in events)
        {
            switch (received)
            {
                case SubscriptionValidationRequested validation:
                    Log.ValidationRequested(logger);
                    validationCode = validation.ValidationCode;
                    break;
                case CertificateEvent { Kind: CertificateEventKind.NewVersionCreated } created:
                    Log.NewVersion(logger, created.Certificate);
                    var report = await sync.CertificateChangedAsync(created.Certificate, cancellationToken);
                    // Only a write ends the lag: an event about a version already written (a redelivery) changes nothing.
                    if (report.Updated > 0 && created.Time is { } eventTime)
                    {
                        metrics.Synced(created.Certificate, eventTime, time.GetUtcNow());
                    }
                    Handled(created, report);
                    break;
                case CertificateEvent expiring:
                    var expired = expiring.Kind == CertificateEventKind.Expired;
                    Log.Expiring(logger, expiring.Certificate, expired ? "has expired" : "is near its expiry");
                    metrics.ExpiryEvent(expiring.Certificate, expired);
                    Handled(expiring, await sync.CertificateExpiringAsync(expiring.Certificate, expired, cancellationToken));
                    break;
                case IgnoredEvent ignored:
                    Log.Ignored(logger, ignored.Type, ignored.Reason);
                    break;
            }
        }
        return validationCode;
    }

    private void Handled(CertificateEvent handled, SyncReport report)
    {
        Log.Synced(logger, handled.Type, handled.Certificate, report.Updated, report.Unchanged, report.Problems.Count);
        foreach (var problem in report.Problems)
        {
            Log.SyncProblem(logger, handled.Certificate, problem);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Event Grid subscription validation requested; answering with the validation code")]
        public static partial void ValidationRequested(ILogger logger);

        [LoggerMessage(2, LogLevel.Information, "Key Vault certificate {Certificate} has a new version; updating the objects bound to it")]
        public static partial void NewVersion(ILogger logger, KeyVaultCertificateId certificate);

        [LoggerMessage(3, LogLevel.Warning, "Key Vault certificate {Certificate} {State}; rotate it in Key Vault")]
        public static partial void Expiring(ILogger logger, KeyVaultCertificateId certificate, string state);

        [LoggerMessage(4, LogLevel.Information, "Event {EventType} ignored: {Reason}")]
        public static partial void Ignored(ILogger logger, string eventType, string reason);

        [LoggerMessage(5, LogLevel.Warning, "Syncing Key Vault certificate {Certificate}: {Problem}")]
        public static partial void SyncProblem(ILogger logger, KeyVaultCertificateId certificate, string problem);

        [LoggerMessage(6, LogLevel.Information, "{EventType} for {Certificate}: {Updated} updated, {Unchanged} unchanged, {Problems} problem(s)")]
        public static partial void Synced(ILogger logger, string eventType, KeyVaultCertificateId certificate, int updated, int unchanged, int problems);
    }
}
