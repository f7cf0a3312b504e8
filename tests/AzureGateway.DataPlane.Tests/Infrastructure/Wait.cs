using System.Diagnostics;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

internal static class Wait
{
    /// <summary>Generous on purpose: the tests share two cores with other builds.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <see cref="Timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Timeout, $"timed out waiting until {what}");
            await Task.Delay(20);
        }
    }
}
