using System.Diagnostics.Metrics;
using AzureGateway.KeyVault;

namespace AzureGateway.Functions.Events;

/// <summary>Counts Key Vault's near-expiry and expired notices, so an alert can fire before a handshake fails.</summary>
internal sealed class CertificateExpiryMetrics
{
    public const string MeterName = "AzureGateway.Functions";
    public const string CounterName = "azuregateway.keyvault.certificate.expiry_events";

    private readonly Counter<long> expiryEvents;

    public CertificateExpiryMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        expiryEvents = meter.CreateCounter<long>(CounterName, "{event}", "Key Vault certificate near-expiry and expired events received");
    }

    public void Record(KeyVaultCertificateId certificate, bool expired) =>
        expiryEvents.Add(1,
            new KeyValuePair<string, object?>("certificate", certificate.Unversioned),
            new KeyValuePair<string, object?>("state", expired ? "expired" : "near_expiry"));
}
