namespace AzureGateway.Cli.Tests;

public sealed class RunCommandTests
{
    [Fact]
    public async Task AMissingFolderExitsTwoWithOneLine()
    {
        var missing = Path.Combine(Path.GetTempPath(), "azgw-test-" + Guid.NewGuid().ToString("N"));

        var (exitCode, run) = await Azgw.RunAsync("run", "--config", missing);

        Assert.Equal(ExitCodes.Unreadable, exitCode);
        Assert.Equal($"azgw: {missing}: directory does not exist", run.Error.Trim());
    }
}
