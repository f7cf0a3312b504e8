using AzureGateway.Translation;

namespace AzureGateway.Bench.ControlPlane.Measurements;

/// <summary>What one translation produced, counted: the size of the IR and of the statuses.</summary>
public sealed record IrCounts(
    int Ports, int VirtualHosts, int Routes, int Clusters, int FailedClusters, int Statuses, int Conditions,
    IReadOnlyList<string> FalseConditions)
{
    public static IrCounts Of(TranslationResult result)
    {
        var conditions = result.Statuses.SelectMany(s => s.Conditions().Select(c => (Status: s, Condition: c))).ToList();
        return new IrCounts(
            result.Ir.Ports.Count,
            result.Ir.Ports.Sum(p => p.VirtualHosts.Count),
            result.Ir.Ports.Sum(p => p.VirtualHosts.Sum(h => h.Routes.Count)),
            result.Ir.Clusters.Count,
            result.Ir.Clusters.Count(c => c.Failure is not null),
            result.Statuses.Length,
            conditions.Count,
            [.. conditions.Where(c => c.Condition.Status == "False")
                .Select(c => $"{c.Status.Resource} {c.Condition.Type}={c.Condition.Status} {c.Condition.Reason}: {c.Condition.Message}")]);
    }
}
