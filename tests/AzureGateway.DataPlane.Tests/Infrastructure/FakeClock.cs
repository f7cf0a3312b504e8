using Microsoft.Extensions.Time.Testing;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

internal static class FakeClock
{
    /// <summary>
    /// A fake clock that reads the real time now and moves only when the test moves it, timers included. It starts at
    /// now, not at <see cref="FakeTimeProvider"/>'s default of 2000-01-01: the gateway checks certificates, which the
    /// tests issue as of the real time, against its clock.
    /// </summary>
    public static FakeTimeProvider StartingNow() => new(DateTimeOffset.UtcNow);
}
