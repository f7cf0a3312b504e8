using AzureGateway.KeyVault;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AzureGateway.Functions.Reconcile;

/// <summary>
/// A full reconcile, reached three ways: the 15-minute timer (a lost event is repaired), a manual call, and the cluster
/// watch's notice that bound objects changed (a new binding is filled without waiting for the timer). All three go
/// through <see cref="ReconcileRuns"/>, so together they never run more reconciles than it allows. The HTTP functions
/// need a function key: each call costs cluster-wide list calls.
/// </summary>
internal sealed class ReconcileFunctions(ReconcileRuns runs)
{
    public const string Schedule = "0 */15 * * * *";
    public const string ReconcileNowRoute = "reconcile";
    public const string ClusterChangedRoute = "cluster-changed";

    [Function("Reconcile")]
    public Task TimerAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(cancellationToken);

    /// <summary>Answers with the report <c>{updated, unchanged, problems}</c> of the run the call shared.</summary>
    [Function("ReconcileNow")]
    public async Task<IActionResult> ReconcileNowAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ReconcileNowRoute)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new OkObjectResult(await runs.RunAsync(cancellationToken));

    /// <summary>
    /// The body is not read: which objects changed does not narrow a full reconcile, and the writes are idempotent.
    /// A reconcile of only the named objects would take the body here.
    /// </summary>
    [Function("ClusterChanged")]
    public async Task<IActionResult> ClusterChangedAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ClusterChangedRoute)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new OkObjectResult(await runs.RunAsync(cancellationToken));
}
