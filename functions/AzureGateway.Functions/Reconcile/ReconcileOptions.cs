namespace AzureGateway.Functions.Reconcile;

/// <summary>Pacing of full reconciles, bound from the <c>Reconcile</c> section (app setting <c>Reconcile__MinimumInterval</c>).</summary>
public sealed class ReconcileOptions
{
    public const string Section = "Reconcile";

    /// <summary>
    /// The least time from the start of one reconcile to the start of the next. Each reconcile lists every Secret and
    /// ConfigMap in the cluster, so callers that ask more often share the next run instead of adding list calls.
    /// </summary>
    public TimeSpan MinimumInterval { get; set; } = TimeSpan.FromSeconds(10);
}
