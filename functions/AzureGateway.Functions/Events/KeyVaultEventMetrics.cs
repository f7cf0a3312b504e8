using System.Diagnostics.Metrics;
using AzureGateway.KeyVault;

namespace AzureGateway.Functions.Events;

/// <summary>
/// The app's instruments, on the meter <see cref="MeterName"/>: Key Vault's near-expiry and expired notices, so an
/// alert can fire before a handshake fails, and how long a new certificate version takes to reach the cluster.
/// </summary>
internal sealed class KeyVaultEventMetrics
{
    public const string MeterName = "AzureGateway.Functions";
    public const string ExpiryEvents = "azuregateway.keyvault.certificate.expiry_events";
    public const string SyncLag = "azuregateway.keyvault.sync.lag";

    private readonly Counter<long> _expiryEvents;
    private readonly Histogram<double> _syncLag;

    public KeyVaultEventMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _expiryEvents = meter.CreateCounter<long>(ExpiryEvents, "{event}", "Key Vault certificate near-expiry and expired events received");
        _syncLag = meter.CreateHistogram(SyncLag, "s",
            "Time from a Key Vault new-version event to the Secrets and ConfigMaps bound to the certificate written",
            tags: null,
            // Event Grid delivers within seconds; minutes mean retries, hours a lost event the reconcile repaired.
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 1800, 3600] });
    }

    public void ExpiryEvent(KeyVaultCertificateId certificate, bool expired) =>
        _expiryEvents.Add(1,
            new KeyValuePair<string, object?>("certificate", certificate.Unversioned),
            new KeyValuePair<string, object?>("state", expired ? "expired" : "near_expiry"));

    /// <summary>The objects bound to <paramref name="certificate"/> were written at <paramref name="written"/> for an event of <paramref name="eventTime"/>.</summary>
    public void Synced(KeyVaultCertificateId certificate, DateTimeOffset eventTime, DateTimeOffset written) =>
        // Clocks differ a little between Key Vault and the app; a write cannot come before its event.
        _syncLag.Record(Math.Max(0, (written - eventTime).TotalSeconds),
            new KeyValuePair<string, object?>("certificate", certificate.Unversioned));
}
