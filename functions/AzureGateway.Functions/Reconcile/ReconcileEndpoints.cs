using AzureGateway.Functions.Hosting;
using AzureGateway.KeyVault;

namespace AzureGateway.Functions.Reconcile;

/// <summary>
/// A full reconcile, reached three ways: the 15-minute timer (a lost event is repaired), a manual run over HTTP,
/// and the cluster watch's notice that bound objects changed (a new binding is filled without waiting for the timer).
/// The notice's body is not read: a reconcile covers every binding, and the writes are idempotent.
/// </summary>
internal static partial class ReconcileEndpoints
{
    public static void MapReconcile(this IEndpointRouteBuilder app)
    {
        app.MapPost(FunctionRoutes.Reconcile, FromTimerAsync);
        app.MapPost(FunctionRoutes.ReconcileNow, OverHttpAsync);
        app.MapPost(FunctionRoutes.ClusterChanged, OverHttpAsync);
    }

    // The envelope is bound so a request that is not one is refused; the timer's schedule data is not needed.
    private static async Task<IResult> FromTimerAsync(InvocationRequest invocation, ICertificateSync sync, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var report = await ReconcileAsync(sync, loggers, cancellationToken);
        return Results.Ok(InvocationResponse.Logged(
            [$"reconciled: {report.Updated} updated, {report.Unchanged} unchanged, {report.Problems.Count} problem(s)", .. report.Problems]));
    }

    private static async Task<IResult> OverHttpAsync(ICertificateSync sync, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        Results.Ok(await ReconcileAsync(sync, loggers, cancellationToken));

    private static async Task<SyncReport> ReconcileAsync(ICertificateSync sync, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var report = await sync.ReconcileAsync(cancellationToken);
        var logger = loggers.CreateLogger(typeof(ReconcileEndpoints));
        Log.Reconciled(logger, report.Updated, report.Unchanged, report.Problems.Count);
        foreach (var problem in report.Problems)
        {
            Log.Problem(logger, problem);
        }
        return report;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Reconciled Key Vault bindings: {Updated} updated, {Unchanged} unchanged, {Problems} problem(s)")]
        public static partial void Reconciled(ILogger logger, int updated, int unchanged, int problems);

        [LoggerMessage(2, LogLevel.Warning, "Reconciling Key Vault bindings: {Problem}")]
        public static partial void Problem(ILogger logger, string problem);
    }
}
