using System.Diagnostics;
using System.Globalization;

namespace AzureGateway.Bench.ControlPlane.Measurements;

/// <summary>Durations of repeated runs of one step, summarised as median, min and max.</summary>
public sealed record Timings(IReadOnlyList<TimeSpan> Runs)
{
    public TimeSpan Median
    {
        get
        {
            var sorted = Runs.Order().ToList();
            return sorted.Count % 2 == 1
                ? sorted[sorted.Count / 2]
                : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }

    public TimeSpan Min => Runs.Min();
    public TimeSpan Max => Runs.Max();

    /// <summary>"123.4 ms (min 120.1, max 130.2)"; a single run is shown alone.</summary>
    public override string ToString() => Runs.Count == 1
        ? Milliseconds(Runs[0])
        : $"{Milliseconds(Median)} (min {Number(Min)}, max {Number(Max)})";

    public static string Milliseconds(TimeSpan duration) => $"{Number(duration)} ms";

    private static string Number(TimeSpan duration) => duration.TotalMilliseconds.ToString("N1", CultureInfo.InvariantCulture);

    /// <summary>Elapsed time of <paramref name="started"/> (a <see cref="Stopwatch.GetTimestamp"/> value) until now.</summary>
    public static TimeSpan Since(long started) => Stopwatch.GetElapsedTime(started);
}
