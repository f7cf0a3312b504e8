using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AzureGateway.Functions.Reconcile;

/// <summary>
/// A full reconcile, reached two ways: the 15-minute timer (a lost event is repaired, a binding nobody announced is
/// filled) and a manual call. Both go through <see cref="ReconcileRuns"/>, so together they never run more reconciles
/// than it allows. The HTTP function needs a function key: each call costs cluster-wide list calls.
/// </summary>
internal sealed class ReconcileFunctions(ReconcileRuns runs)
{
    public const string Schedule = "0 */15 * * * *";
    public const string ReconcileNowRoute = "reconcile";

    [Function("Reconcile")]
    public Task TimerAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(cancellationToken);

    /// <summary>Answers with the report <c>{updated, unchanged, problems}</c> of the run the call shared.</summary>
    [Function("ReconcileNow")]
    public async Task<IActionResult> ReconcileNowAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ReconcileNowRoute)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new OkObjectResult(await runs.RunAsync(cancellationToken));
}
