using AzureGateway.KeyVault;
using Microsoft.Extensions.Options;

namespace AzureGateway.Functions.Reconcile;

/// <summary>
/// The one way a full reconcile starts, whoever asks (the timer or a manual call). At most one runs at a time
/// and runs start at least <see cref="ReconcileOptions.MinimumInterval"/> apart. Every caller that asks while a run
/// is under way or pending shares the next run: the one under way may have listed the cluster before the caller's
/// change, and the next lists it afresh. So a burst of calls costs two reconciles, not one per call.
/// </summary>
internal sealed partial class ReconcileRuns : IDisposable
{
    private readonly ICertificateSync sync;
    private readonly IOptions<ReconcileOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<ReconcileRuns> logger;
    private readonly Lock gate = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly CancellationToken stopped;
    private TaskCompletionSource<SyncReport>? pending;
    private bool draining;

    public ReconcileRuns(ICertificateSync sync, IOptions<ReconcileOptions> options, TimeProvider time, ILogger<ReconcileRuns> logger)
    {
        this.sync = sync;
        this.options = options;
        this.time = time;
        this.logger = logger;
        // Taken once: a run still finishing when the app stops reads it after the source is disposed.
        stopped = stopping.Token;
    }

    /// <summary>The report of the next run to start; waiting for it ends with <paramref name="cancellationToken"/>, the run does not.</summary>
    public Task<SyncReport> RunAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            pending ??= new TaskCompletionSource<SyncReport>(TaskCreationOptions.RunContinuationsAsynchronously);
            var next = pending.Task;
            if (!draining)
            {
                draining = true;
                _ = Task.Run(DrainAsync, CancellationToken.None);
            }
            return next.WaitAsync(cancellationToken);
        }
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            TaskCompletionSource<SyncReport> run;
            lock (gate)
            {
                if (pending is null)
                {
                    draining = false;
                    return;
                }
                run = pending;
                pending = null;
            }
            var started = time.GetUtcNow();
            try
            {
                run.SetResult(await ReconcileAsync(stopped));
            }
            catch (Exception e)
            {
                // Handed to every caller of this run; the invocations fail and the host logs them.
                run.SetException(e);
            }
            if (!await SpacedAsync(started))
            {
                return;
            }
        }
    }

    /// <summary>Waits out the rest of the minimum interval after a run that started at <paramref name="started"/>; false when stopping.</summary>
    private async Task<bool> SpacedAsync(DateTimeOffset started)
    {
        var wait = started + options.Value.MinimumInterval - time.GetUtcNow();
        try
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stopped);
            }
            return true;
        }
        catch (OperationCanceledException)
        {
            lock (gate)
            {
                pending?.TrySetCanceled(stopped);
                pending = null;
                draining = false;
            }
            return false;
        }
    }

    private async Task<SyncReport> ReconcileAsync(CancellationToken cancellationToken)
    {
        var report = await sync.ReconcileAsync(cancellationToken);
        Log.Reconciled(logger, report.Updated, report.Unchanged, report.Problems.Count);
        foreach (var problem in report.Problems)
        {
            Log.Problem(logger, problem);
        }
        return report;
    }

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Reconciled Key Vault bindings: {Updated} updated, {Unchanged} unchanged, {Problems} problem(s)")]
        public static partial void Reconciled(ILogger logger, int updated, int unchanged, int problems);

        [LoggerMessage(2, LogLevel.Warning, "Reconciling Key Vault bindings: {Problem}")]
        public static partial void Problem(ILogger logger, string problem);
    }
}
