namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// The system's clock moved on by what the test skips: its time and timestamps jump, its timers run as the system's.
/// For what the gateway decides by elapsed time (how long an endpoint stays out), without waiting for it.
/// </summary>
internal sealed class ShiftedClock : TimeProvider
{
    private long _skippedTicks;

    public void Skip(TimeSpan time) => Interlocked.Add(ref _skippedTicks, time.Ticks);

    private TimeSpan Skipped => TimeSpan.FromTicks(Volatile.Read(ref _skippedTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Skipped;

    public override long GetTimestamp() => System.GetTimestamp() + (long)(Skipped.TotalSeconds * TimestampFrequency);
}
