using AzureGateway.Cli.Hosting;
using Microsoft.Extensions.Configuration;

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

    [Theory]
    [InlineData("https://sync.example.net/api/cluster-changed", null, "--sync-url and --sync-audience go together")]
    [InlineData("http://sync.example.net/api/cluster-changed", "api://sync", "--sync-url must be an https:// URL: the notice carries a bearer token")]
    public async Task ASyncUrlNeedsAnAudienceAndHttps(string url, string? audience, string error)
    {
        string[] args = ["run", "--kubernetes", "--kubeconfig", "missing", "--sync-url", url, .. audience is null ? Array.Empty<string>() : ["--sync-audience", audience]];

        var (exitCode, run) = await Azgw.RunAsync(args);

        Assert.NotEqual(ExitCodes.Ok, exitCode);
        Assert.Contains(error, run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "api://sync", "--sync-url and --sync-audience go together")]
    [InlineData("http://sync.example.net/api/cluster-changed", "api://sync", "--sync-url must be an https:// URL: the notice carries a bearer token")]
    public async Task TheSyncSettingsFromTheEnvironmentAreCheckedAsTheOptionsAreAndAnEmptyOneIsUnset(string url, string audience, string error)
    {
        var environment = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [GatewayConfiguration.SyncUrl] = url,
            [GatewayConfiguration.SyncAudience] = audience,
        }).Build();
        var azgw = new Azgw(environment);

        var exitCode = await azgw.InvokeAsync(["run", "--kubernetes", "--kubeconfig", "missing"], CancellationToken.None);

        Assert.NotEqual(ExitCodes.Ok, exitCode);
        Assert.Contains(error, azgw.Error, StringComparison.Ordinal);
    }
}
