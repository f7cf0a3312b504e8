namespace AzureGateway.KeyVault.Tests.ArmServer;

/// <summary>A clock a test moves by hand, for token lifetimes.</summary>
public sealed class ManualTime : TimeProvider
{
    private long _ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
