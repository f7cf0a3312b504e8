namespace AzureGateway.Bench.ControlPlane.Measurements;

/// <summary>
/// A clock that does not move, for the translator: condition timestamps are then equal from one translation to
/// the next, so a repeated translation can be compared with another one byte for byte.
/// </summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
