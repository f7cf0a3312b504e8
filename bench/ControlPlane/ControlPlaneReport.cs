using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using AzureGateway.Bench.ControlPlane.Fleet;
using AzureGateway.Bench.ControlPlane.Measurements;
using AzureGateway.Model;

namespace AzureGateway.Bench.ControlPlane;

/// <summary>Every figure of one run, and its rendering as a Markdown table.</summary>
public sealed record ControlPlaneReport
{
    /// <summary>The targets.</summary>
    public static readonly TimeSpan FullTranslationTarget = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan SecretChangeTarget = TimeSpan.FromMilliseconds(100);

    public required BenchmarkSettings Settings { get; init; }
    public required FleetPlan Plan { get; init; }
    public required ResourceSnapshot Snapshot { get; init; }
    public required int Documents { get; init; }
    public required long YamlBytes { get; init; }
    public required TimeSpan Issuing { get; init; }
    public required TimeSpan Load { get; init; }
    public required FullTranslationFigures Full { get; init; }
    public required IrCounts Counts { get; init; }
    public required long ManagedHeapAfterTranslation { get; init; }
    public required long PeakWorkingSetAfterTranslation { get; init; }
    public required long PeakWorkingSetOverall { get; init; }
    public required SecretRotationFigures Rotation { get; init; }
    public required DeterminismFigures Determinism { get; init; }

    /// <summary>The rotation reached every cluster it should, and nothing else changed.</summary>
    public bool RotationVerified =>
        Rotation.AffectedClusters > 0 && Rotation.ClustersWithNewCertificate == Rotation.AffectedClusters && Rotation.OtherClustersUnchanged;

    public string ToMarkdown()
    {
        var s = Snapshot;
        var text = new StringBuilder();
        text.AppendLine("## Control-plane scale");
        text.AppendLine();
        text.AppendLine($"{Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription} " +
            $"{RuntimeInformation.ProcessArchitecture}; seed {Settings.Seed}, {Settings.Iterations} measured runs after one warm-up " +
            "(median, min and max; a full garbage collection before each run).");
        text.AppendLine();
        text.AppendLine("| figure | value |");
        text.AppendLine("| --- | --- |");
        Row(text, "input",
            $"{N(s.HttpRoutes.Length)} HTTPRoutes, {N(s.Services.Length)} Services with {N(s.EndpointSlices.Length)} EndpointSlices, " +
            $"{N(s.BackendTlsPolicies.Length)} Gateway API and {N(s.AlbBackendTlsPolicies.Length)} AGC BackendTLSPolicies, " +
            $"{N(Plan.Certificates)} certificates ({N(Plan.ListenerCertificates)} listener, {N(Plan.Gateways)} Gateway client, {N(Plan.AlbPolicies)} AGC client), " +
            $"{N(s.Gateways.Length)} Gateways with {N(s.Gateways.Sum(g => g.Spec.Listeners.Count))} listeners, {N(Plan.Namespaces)} team namespaces");
        Row(text, "YAML", $"{MiB(YamlBytes)}, {N(Documents)} documents (certificates issued in {Timings.Milliseconds(Issuing)}, not part of any figure)");
        Row(text, "load through `YamlDocumentLoader` (once)", Timings.Milliseconds(Load));
        Row(text, "**full translation**", $"**{Full.Time}**");
        Row(text, "allocated per translation", MiB(Full.AllocatedBytesPerTranslation));
        Row(text, "managed heap holding the snapshot and one result", MiB(ManagedHeapAfterTranslation));
        Row(text, "peak working set after load and translations", MiB(PeakWorkingSetAfterTranslation));
        Row(text, "IR", $"{N(Counts.Ports)} ports, {N(Counts.VirtualHosts)} virtual hosts, {N(Counts.Routes)} routes, " +
            $"{N(Counts.Clusters)} clusters ({N(Counts.FailedClusters)} failing)");
        Row(text, "statuses", $"{N(Counts.Statuses)} resources, {N(Counts.Conditions)} conditions, {N(Counts.FalseConditions.Count)} False");
        Row(text, "first apply of the whole IR to a running data plane", Timings.Milliseconds(Rotation.FirstApply));
        Row(text, $"one changed Secret ({Rotation.Secret}): translate", Rotation.Translate.ToString());
        Row(text, "one changed Secret: `ApplyAsync`", Rotation.Apply.ToString());
        Row(text, "**one changed Secret to the data plane using it**", $"**{Rotation.Total}**");
        Row(text, "clusters presenting the new certificate",
            $"{N(Rotation.ClustersWithNewCertificate)} of the {N(Rotation.AffectedClusters)} that presented the old one; " +
            $"every other cluster unchanged: {YesNo(Rotation.OtherClustersUnchanged)}");
        Row(text, "**identical to a translation from scratch**",
            $"**{YesNo(Determinism.Identical)}** (IR `Equals`: {YesNo(Determinism.IrEqual)}; golden YAML of statuses and IR, " +
            $"{MiB(Determinism.RenderedBytes)}: {YesNo(Determinism.RenderingEqual)})");
        Row(text, "peak working set with the data plane", MiB(PeakWorkingSetOverall));
        text.AppendLine();
        text.AppendLine($"Targets: full translation under {Timings.Milliseconds(FullTranslationTarget)}: " +
            $"{Met(Full.Time.Median <= FullTranslationTarget)}; one Secret change applied under {Timings.Milliseconds(SecretChangeTarget)}: " +
            $"{Met(Rotation.Total.Median <= SecretChangeTarget)}.");
        if (Counts.FalseConditions.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("False conditions (first 10):");
            foreach (var condition in Counts.FalseConditions.Take(10))
            {
                text.AppendLine($"- {condition}");
            }
        }
        return text.ToString();
    }

    private static void Row(StringBuilder text, string figure, string value) => text.AppendLine($"| {figure} | {value} |");

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    private static string MiB(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " MiB";
    private static string YesNo(bool value) => value ? "yes" : "no";
    private static string Met(bool value) => value ? "met" : "missed";
}
