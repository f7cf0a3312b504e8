using System.Diagnostics;
using AzureGateway.Model;
using AzureGateway.Translation;

namespace AzureGateway.Bench.ControlPlane.Measurements;

/// <summary>Figures of translating the whole snapshot: time, bytes allocated, and what came out.</summary>
public sealed record FullTranslationFigures(Timings Time, long AllocatedBytesPerTranslation, TranslationResult Result);

/// <summary>
/// Translates the whole snapshot once to warm up the JIT, then <c>iterations</c> times, each in a new
/// <see cref="GatewayTranslator"/> (so nothing one translation learned helps the next) and after a full
/// collection (so that no run pays for garbage an earlier one left).
/// </summary>
public static class FullTranslation
{
    public static FullTranslationFigures Measure(TranslatorOptions options, ResourceSnapshot snapshot, int iterations)
    {
        var result = new GatewayTranslator(options).Translate(snapshot);
        var runs = new List<TimeSpan>();
        var allocated = new List<long>();
        for (var i = 0; i < iterations; i++)
        {
            Collect();
            var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            result = new GatewayTranslator(options).Translate(snapshot);
            runs.Add(Timings.Since(started));
            allocated.Add(GC.GetAllocatedBytesForCurrentThread() - bytesBefore);
        }
        return new FullTranslationFigures(new Timings(runs), allocated.Order().ElementAt(allocated.Count / 2), result);
    }

    /// <summary>A full, compacting collection: the next measured step starts with no garbage of earlier ones.</summary>
    public static void Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
