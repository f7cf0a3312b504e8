namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>A clock stopped at one instant, to issue certificates as of another day.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
