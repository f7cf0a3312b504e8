using System.Diagnostics;
using AzureGateway.Bench.ControlPlane.Fleet;
using AzureGateway.Bench.ControlPlane.Measurements;
using AzureGateway.Model;
using AzureGateway.Sources.Files;
using AzureGateway.Translation;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Bench.ControlPlane;

/// <summary>
/// Generates the fleet, loads it through the YAML loader, and measures full translation, one Secret rotation up
/// to a running data plane, and determinism against a translation from scratch. Progress goes to
/// <paramref name="progress"/>; the figures come back as a <see cref="ControlPlaneReport"/>.
/// </summary>
public sealed class ControlPlaneBenchmark(BenchmarkSettings settings, ILoggerFactory loggerFactory, TextWriter progress)
{
    public async Task<ControlPlaneReport> RunAsync(CancellationToken cancellationToken)
    {
        var plan = FleetPlan.For(settings);
        // The fleet's certificates and the translator's clock agree on "now", fixed so that condition timestamps
        // do not differ between two translations of the same snapshot.
        var now = new DateTimeOffset(TimeProvider.System.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        var options = new TranslatorOptions { Time = new FixedTime(now.AddHours(1)) };

        progress.WriteLine($"issuing {plan.Certificates} certificates and {plan.Namespaces} backend CAs (not measured)...");
        var started = Stopwatch.GetTimestamp();
        using var certificates = FleetCertificates.Issue(plan, new FixedTime(now));
        var issuing = Timings.Since(started);

        var (snapshot, documents, yamlBytes, load) = LoadFleet(plan, certificates);

        progress.WriteLine($"translating the whole snapshot: 1 warm-up + {settings.Iterations} measured...");
        var full = FullTranslation.Measure(options, snapshot, settings.Iterations);
        var counts = IrCounts.Of(full.Result);
        FullTranslation.Collect();
        var heapAfterTranslation = GC.GetTotalMemory(forceFullCollection: true);
        var peakAfterTranslation = PeakWorkingSet();

        progress.WriteLine($"rotating {FleetPlan.GatewayClientSecret(0)}: 1 warm-up + {settings.Iterations} measured, applied to a running data plane...");
        // As in the serving pipeline, one translator lives as long as the process and sees every snapshot.
        var translator = new GatewayTranslator(options);
        translator.Translate(snapshot);
        var rotation = await new SecretRotation(certificates, translator, loggerFactory)
            .MeasureAsync(snapshot, full.Result, settings.Iterations, cancellationToken);
        var peakOverall = PeakWorkingSet();

        progress.WriteLine("translating the rotated snapshot from scratch to compare...");
        var determinism = Determinism.Check(options, rotation.FinalSnapshot, rotation.FinalResult);

        return new ControlPlaneReport
        {
            Settings = settings,
            Plan = plan,
            Snapshot = snapshot,
            Documents = documents,
            YamlBytes = yamlBytes,
            Issuing = issuing,
            Load = load,
            Full = full,
            Counts = counts,
            ManagedHeapAfterTranslation = heapAfterTranslation,
            PeakWorkingSetAfterTranslation = peakAfterTranslation,
            PeakWorkingSetOverall = peakOverall,
            Rotation = rotation,
            Determinism = determinism,
        };
    }

    /// <summary>
    /// Writes the fleet as YAML and loads it the way the folder source does. The text is dropped on return: a
    /// running gateway keeps the snapshot, not the files.
    /// </summary>
    private (ResourceSnapshot Snapshot, int Documents, long YamlBytes, TimeSpan Load) LoadFleet(FleetPlan plan, FleetCertificates certificates)
    {
        progress.WriteLine("writing the fleet as YAML (not measured)...");
        var yaml = new FleetManifests(plan, certificates, settings.Seed).Write();
        var yamlBytes = System.Text.Encoding.UTF8.GetByteCount(yaml);

        progress.WriteLine($"loading {yamlBytes / 1024.0 / 1024.0:N1} MiB of YAML through YamlDocumentLoader...");
        var started = Stopwatch.GetTimestamp();
        var loaded = YamlDocumentLoader.Load("fleet.yaml", yaml);
        var load = Timings.Since(started);
        if (loaded.Error is not null || loaded.Warnings.Count > 0)
        {
            throw new InvalidOperationException($"the generated fleet does not load cleanly: {loaded.Error?.ToString() ?? loaded.Warnings[0].ToString()}");
        }
        return (ResourceSnapshot.From(loaded.Objects), loaded.Objects.Count, yamlBytes, load);
    }

    private static long PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64;
    }
}
