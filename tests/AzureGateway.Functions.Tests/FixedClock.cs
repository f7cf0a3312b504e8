namespace AzureGateway.Functions.Tests;

/// <summary>A clock that always reads <paramref name="now"/>.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
