namespace AzureGateway.Kubernetes.Tests;

/// <summary>Waits for a condition by polling, with a timeout generous enough for a loaded CI machine.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, string? what = null)
    {
        var deadline = DateTime.UtcNow + SnapshotReader.Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting: {what ?? "condition"}");
            await Task.Delay(20);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string? what = null)
    {
        var deadline = DateTime.UtcNow + SnapshotReader.Timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting: {what ?? "condition"}");
            await Task.Delay(20);
        }
    }
}
