using AzureGateway.Cli.Hosting;
using AzureGateway.DataPlane;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AzureGateway.Cli.Tests;

/// <summary>
/// The data plane's limits are settings of <c>azgw run</c>: the <c>DataPlane</c> configuration section, read from
/// <c>AZUREGATEWAY_DataPlane__NAME</c> variables, validated before anything is served.
/// </summary>
public sealed class DataPlaneSettingsTests
{
    [Fact]
    public async Task BadSettingsAreRefusedAtStartWithOneLineEach()
    {
        using var folder = new TempFolder();
        var azgw = new Azgw(Settings(("DataPlane:EndpointEjectionDuration", "-00:00:01"), ("DataPlane:MaxConnectionsPerBackend", "0")));

        var exitCode = await azgw.InvokeAsync(["run", "--config", folder.Path, "--listen-address", "127.0.0.1"], CancellationToken.None);

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Equal(
            ["azgw: DataPlane:MaxConnectionsPerBackend must be positive", "azgw: DataPlane:EndpointEjectionDuration must be positive"],
            azgw.Error.TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public async Task ASettingThatIsNotOfItsTypeIsRefusedWithOneLineNamingIt()
    {
        using var folder = new TempFolder();
        var azgw = new Azgw(Settings(("DataPlane:DefaultBackendRequestTimeout", "soon")));

        var exitCode = await azgw.InvokeAsync(["run", "--config", folder.Path, "--listen-address", "127.0.0.1"], CancellationToken.None);

        Assert.Equal(ExitCodes.Failed, exitCode);
        var line = Assert.Single(azgw.Error.TrimEnd().Split(Environment.NewLine));
        Assert.StartsWith("azgw: ", line);
        Assert.Contains("'DataPlane:DefaultBackendRequestTimeout'", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ASettingChangesTheDataPlaneOptionsAndTheCommandLineWins()
    {
        var settings = new HostSettings
        {
            CommandLine = new Dictionary<string, string?> { ["DataPlane:PortOffset"] = "8000" },
        };
        var builder = GatewayHost.CreateBuilder(
            Settings(("DataPlane:DefaultBackendRequestTimeout", "00:00:30"), ("DataPlane:PortOffset", "5"), (GatewayConfiguration.InlineSocketCompletions, "1")),
            settings);
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<DataPlaneOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(30), options.DefaultBackendRequestTimeout);
        Assert.Equal(8000, options.PortOffset);
        Assert.True(options.InlineSocketCompletions);
        Assert.Equal(new DataPlaneOptions().EndpointEjectionDuration, options.EndpointEjectionDuration);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
}

/// <summary>
/// The variables themselves: they are the process's, so this test runs alone (with the other tests that set them).
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed class DataPlaneVariablesTests
{
    [Fact]
    public async Task AVariableSetsADataPlaneSettingAndABadOneIsRefusedWithOneLine()
    {
        const string Timeout = "AZUREGATEWAY_DataPlane__DefaultBackendRequestTimeout";
        const string Ejection = "AZUREGATEWAY_DataPlane__EndpointEjectionDuration";
        using var folder = new TempFolder();
        try
        {
            Environment.SetEnvironmentVariable(Timeout, "00:00:30");
            using (var host = GatewayHost.CreateBuilder(GatewayConfiguration.FromEnvironment(), new HostSettings()).Build())
            {
                Assert.Equal(TimeSpan.FromSeconds(30), host.Services.GetRequiredService<IOptions<DataPlaneOptions>>().Value.DefaultBackendRequestTimeout);
            }

            Environment.SetEnvironmentVariable(Ejection, "00:00:00");
            var (exitCode, run) = await Azgw.RunAsync("run", "--config", folder.Path, "--listen-address", "127.0.0.1");

            Assert.Equal(ExitCodes.Failed, exitCode);
            Assert.Equal("azgw: DataPlane:EndpointEjectionDuration must be positive", Assert.Single(run.Error.TrimEnd().Split(Environment.NewLine)));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Timeout, null);
            Environment.SetEnvironmentVariable(Ejection, null);
        }
    }
}
