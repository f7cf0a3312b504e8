using AzureGateway.KeyVault.Bindings;
using AzureGateway.KeyVault.Reading;
using AzureGateway.KeyVault.Sync;
using AzureGateway.KeyVault.Writing;
using AzureGateway.Model;
using Microsoft.Extensions.Logging;
using Polly;

namespace AzureGateway.KeyVault;

/// <summary>
/// Brings bound objects to the Key Vault versions they should hold. For each certificate of a binding the version
/// wanted is the pinned one, else the event's version when it is enabled and valid, else the newest such one; but never
/// one older (by not-before) than what the object already holds, so duplicate and out-of-order events change
/// nothing. An object is written only when a version differs, in one merge patch guarded by its resourceVersion;
/// Key Vault and API server failures are retried with jittered backoff (Key Vault's by its client) and, when they
/// persist, leave it as it was.
/// </summary>
public sealed partial class KeyVaultCertificateSync(
    IBoundObjectStore store,
    KeyVaultCertificateReader reader,
    CertificateSyncOptions options,
    TimeProvider time,
    ILogger<KeyVaultCertificateSync> logger) : ICertificateSync
{
    /// <summary>What is being tried, for the log line of a retry.</summary>
    private static readonly ResiliencePropertyKey<string> What = new("AzureGateway.KeyVault.What");

    // Key Vault's client retries its own failures (KeyVaultCertificateReader); this retries only the API server's.
    private readonly ResiliencePipeline _retry = new ResiliencePipelineBuilder { TimeProvider = time }
        .AddJitteredRetry(options.Attempts, options.FirstRetryDelay, SyncFailure.IsTransient,
            (context, e, delay) => Log.Retrying(logger, context.Properties.GetValue(What, "a sync"), SyncFailure.Describe(e!), delay))
        .Build();

    public Task<SyncReport> CertificateChangedAsync(KeyVaultCertificateId certificate, CancellationToken cancellationToken) =>
        SyncAsync(certificate, cancellationToken);

    public Task<SyncReport> ReconcileAsync(CancellationToken cancellationToken) => SyncAsync(null, cancellationToken);

    public Task<SyncReport> ObjectsChangedAsync(IReadOnlyList<BoundObject> objects, CancellationToken cancellationToken) =>
        ForEachAsync(async ct =>
        {
            var read = new List<BoundObject>(objects.Count);
            foreach (var target in objects.DistinctBy(o => (o.Kind, o.Namespace, o.Name)))
            {
                // Gone, or no longer bound, since the notice was sent: nothing to fill.
                if (await store.GetAsync(target, ct).ConfigureAwait(false) is { HasBinding: true } current)
                {
                    read.Add(current);
                }
            }
            return read;
        }, null, SyncOne(null), cancellationToken);

    public async Task<SyncReport> CertificateExpiringAsync(KeyVaultCertificateId certificate, bool expired, CancellationToken cancellationToken)
    {
        var state = expired ? "Expired" : "NearExpiry";
        return await ForEachBoundAsync(certificate, async (listed, attempt, ct) =>
        {
            if (await CurrentAsync(listed, attempt, ct).ConfigureAwait(false) is not { } current)
            {
                return Outcome.Unchanged;
            }
            // A warning about a version the object no longer holds (it was rotated already) is not the object's.
            if (certificate.Version is not null && CertificateBinding.TryRead(current, out var binding, out _)
                && binding!.WrittenFor(certificate) is { } written && written.Version != certificate.Version)
            {
                return Outcome.Unchanged;
            }
            Log.Expiring(logger, current.ToString(), certificate.ToString(), state);
            if (current.Annotations.GetValueOrDefault(KeyVaultAnnotations.Expiry) == state)
            {
                return Outcome.Unchanged;
            }
            await store.WriteAsync(current, new ObjectWrite(new Dictionary<string, string>(), new Dictionary<string, string?> { [KeyVaultAnnotations.Expiry] = state }), ct).ConfigureAwait(false);
            return Outcome.Updated;
        }, cancellationToken).ConfigureAwait(false);
    }

    private Task<SyncReport> SyncAsync(KeyVaultCertificateId? changed, CancellationToken cancellationToken) =>
        ForEachBoundAsync(changed, SyncOne(changed), cancellationToken);

    private Func<BoundObject, int, CancellationToken, Task<Outcome>> SyncOne(KeyVaultCertificateId? changed) =>
        async (listed, attempt, ct) =>
            await CurrentAsync(listed, attempt, ct).ConfigureAwait(false) is { } current
                ? await SyncObjectAsync(current, changed, ct).ConfigureAwait(false)
                : Outcome.Unchanged;

    /// <summary>Runs an action on each bound object (each one using the certificate, when given), with retries, and reports.</summary>
    private Task<SyncReport> ForEachBoundAsync(
        KeyVaultCertificateId? certificate, Func<BoundObject, int, CancellationToken, Task<Outcome>> action, CancellationToken cancellationToken) =>
        ForEachAsync(store.ListAsync, certificate, action, cancellationToken);

    /// <summary><see cref="ForEachBoundAsync"/> over the objects <paramref name="list"/> reads.</summary>
    private async Task<SyncReport> ForEachAsync(
        Func<CancellationToken, Task<IReadOnlyList<BoundObject>>> list, KeyVaultCertificateId? certificate,
        Func<BoundObject, int, CancellationToken, Task<Outcome>> action, CancellationToken cancellationToken)
    {
        IReadOnlyList<BoundObject> objects;
        try
        {
            objects = await RetryAsync((_, ct) => list(ct), "listing bound objects", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (SyncFailure.IsExpected(e))
        {
            var problem = $"listing the bound Secrets and ConfigMaps failed: {SyncFailure.Describe(e)}";
            Log.Problem(logger, problem);
            return new SyncReport(0, 0, [problem]);
        }
        var (updated, unchanged, problems) = (0, 0, new List<string>());
        foreach (var listed in objects.OrderBy(o => o.Namespace, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal).ThenBy(o => o.Kind))
        {
            if (!CertificateBinding.TryRead(listed, out var binding, out var bad))
            {
                Log.Problem(logger, bad!);
                problems.Add(bad!);
                continue;
            }
            if (certificate is not null && !binding!.Uses(certificate))
            {
                continue;
            }
            if (binding!.Certificates.FirstOrDefault(c => !options.Allows(c)) is { } foreign)
            {
                var problem = $"{listed}: left as it was: {foreign} is not in a vault this app syncs from ({string.Join(", ", options.Vaults)})";
                Log.Problem(logger, problem);
                problems.Add(problem);
                continue;
            }
            try
            {
                var outcome = await RetryAsync((attempt, ct) => action(listed, attempt, ct), listed.ToString(), cancellationToken).ConfigureAwait(false);
                if (outcome.Problem is { } problem)
                {
                    Log.Problem(logger, problem);
                    problems.Add(problem);
                }
                else if (outcome.Written)
                {
                    updated++;
                }
                else
                {
                    unchanged++;
                }
            }
            catch (Exception e) when (SyncFailure.IsExpected(e))
            {
                var problem = $"{listed}: left as it was: {SyncFailure.Describe(e)}";
                Log.Problem(logger, problem);
                problems.Add(problem);
            }
        }
        return new SyncReport(updated, unchanged, problems);
    }

    /// <summary>The object as listed on the first attempt; read again on a retry, since a conflict means it changed.</summary>
    private async Task<BoundObject?> CurrentAsync(BoundObject listed, int attempt, CancellationToken cancellationToken) =>
        attempt == 0 ? listed : await store.GetAsync(listed, cancellationToken).ConfigureAwait(false);

    private async Task<Outcome> SyncObjectAsync(BoundObject current, KeyVaultCertificateId? changed, CancellationToken cancellationToken)
    {
        if (!CertificateBinding.TryRead(current, out var binding, out var bad))
        {
            return Outcome.Failed(bad!);
        }
        var wanted = new List<CertificateVersion>();
        foreach (var certificate in binding!.Certificates)
        {
            var written = binding.WrittenFor(certificate);
            var candidate = await CandidateAsync(certificate, changed, cancellationToken).ConfigureAwait(false);
            if (candidate is null && written is null)
            {
                return Outcome.Failed($"{current}: {certificate} has no version in Key Vault that is enabled and valid now");
            }
            // Only a pin may move an object to an older version: the user asked for that one.
            var keep = written is not null && certificate.Version is null && (candidate is null || candidate.NotBefore <= written.NotBefore);
            wanted.Add(keep ? new CertificateVersion(certificate with { Version = written!.Version }, true, written.NotBefore) : candidate!);
        }
        if (wanted.Select(w => (w.Id.Name, w.Version)).SequenceEqual(binding.Written.Select(w => (w.Name, w.Version))))
        {
            return Outcome.Unchanged;
        }
        var data = await DataAsync(binding.Kind, wanted, cancellationToken).ConfigureAwait(false);
        await store.WriteAsync(current, new ObjectWrite(data, CertificateBinding.Record([.. wanted.Select(w => new WrittenVersion(w.Id.Name, w.Version, w.NotBefore))])), cancellationToken).ConfigureAwait(false);
        Log.Written(logger, current.ToString(), string.Join(", ", wanted.Select(w => w.Id.ToString())));
        return Outcome.Updated;
    }

    private async Task<CertificateVersion?> CandidateAsync(KeyVaultCertificateId certificate, KeyVaultCertificateId? changed, CancellationToken cancellationToken)
    {
        if (certificate.Version is not null)
        {
            return await reader.VersionAsync(certificate, cancellationToken).ConfigureAwait(false);
        }
        if (changed?.Version is not null && changed.Unversioned == certificate.Unversioned)
        {
            var announced = await reader.VersionAsync(changed, cancellationToken).ConfigureAwait(false);
            if (announced.Enabled && announced.NotBefore <= time.GetUtcNow())
            {
                return announced;
            }
        }
        // A version that is not valid yet would fail every handshake; the reconcile after its not-before takes it.
        return await reader.NewestEnabledAsync(certificate, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    private async Task<Dictionary<string, string>> DataAsync(BindingKind kind, List<CertificateVersion> versions, CancellationToken cancellationToken)
    {
        if (kind == BindingKind.KeyPair)
        {
            var pair = await reader.KeyPairAsync(versions[0], cancellationToken).ConfigureAwait(false);
            return new() { ["tls.crt"] = pair.CertificatePem, ["tls.key"] = pair.PrivateKeyPem };
        }
        var bundle = new List<string>();
        foreach (var version in versions)
        {
            bundle.Add(await reader.PublicPemAsync(version, cancellationToken).ConfigureAwait(false));
        }
        return new() { ["ca.crt"] = string.Concat(bundle) };
    }

    /// <summary>Runs an action, trying again on the API server's transient failures; the action is told which try it is.</summary>
    private async Task<T> RetryAsync<T>(Func<int, CancellationToken, Task<T>> action, string what, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(What, what);
        try
        {
            var attempt = 0;
            return await _retry.ExecuteAsync(
                async (context, action) => await action(attempt++, context.CancellationToken).ConfigureAwait(false), context, action).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private sealed record Outcome(bool Written, string? Problem)
    {
        public static Outcome Updated { get; } = new(true, null);
        public static Outcome Unchanged { get; } = new(false, null);
        public static Outcome Failed(string problem) => new(false, problem);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Wrote {Target} from Key Vault: {Versions}")]
        public static partial void Written(ILogger logger, string target, string versions);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Key Vault certificate sync: {Problem}")]
        public static partial void Problem(ILogger logger, string problem);

        [LoggerMessage(Level = LogLevel.Information, Message = "{What}: {Reason}; trying again in {Delay}")]
        public static partial void Retrying(ILogger logger, string what, string reason, TimeSpan delay);

        [LoggerMessage(Level = LogLevel.Warning, Message = "{Target} holds Key Vault certificate {Certificate}, which is {State}")]
        public static partial void Expiring(ILogger logger, string target, string certificate, string state);
    }
}
