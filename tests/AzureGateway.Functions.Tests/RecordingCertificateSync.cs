using System.Collections.Concurrent;
using AzureGateway.KeyVault;

namespace AzureGateway.Functions.Tests;

/// <summary>Records every call the app makes, answering with a fixed report or, when told to, failing.</summary>
public sealed class RecordingCertificateSync : ICertificateSync
{
    private readonly ConcurrentQueue<string> calls = new();

    /// <summary>When set, every call fails with it, as a Key Vault or API server outage would.</summary>
    public Exception? Failure { get; init; }

    /// <summary>What every call reports.</summary>
    public SyncReport Report { get; init; } = new(2, 1, ["default/orphan: the Secret is bound to a certificate that does not exist"]);

    /// <summary>When set, a reconcile is recorded at once but answers only when this completes, as a slow cluster would.</summary>
    public Task? ReconcileHeldUntil { get; init; }

    public IReadOnlyList<string> Calls => [.. calls];

    public Task<SyncReport> CertificateChangedAsync(KeyVaultCertificateId certificate, CancellationToken cancellationToken) =>
        Record($"changed {certificate}");

    public async Task<SyncReport> ReconcileAsync(CancellationToken cancellationToken)
    {
        var report = Record("reconcile");
        if (ReconcileHeldUntil is { } held)
        {
            await held.WaitAsync(cancellationToken);
        }
        return await report;
    }

    public Task<SyncReport> ObjectsChangedAsync(IReadOnlyList<KeyVault.Bindings.BoundObject> objects, CancellationToken cancellationToken) =>
        Record($"objects changed {string.Join(", ", objects)}");

    public Task<SyncReport> CertificateExpiringAsync(KeyVaultCertificateId certificate, bool expired, CancellationToken cancellationToken) =>
        Record($"{(expired ? "expired" : "near expiry")} {certificate}");

    private Task<SyncReport> Record(string call)
    {
        calls.Enqueue(call);
        return Failure is null
            ? Task.FromResult(Report)
            : Task.FromException<SyncReport>(Failure);
    }
}
