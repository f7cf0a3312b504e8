using System.CommandLine;
using System.Net;
using AzureGateway.Cli.Pipeline;
using AzureGateway.DataPlane;
using AzureGateway.DataPlane.Health;
using AzureGateway.Sources.Files;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Cli.Commands;

/// <summary><c>azgw run --config DIR</c>: serves a watched folder of Gateway API YAML until Ctrl+C.</summary>
public sealed class RunCommand : Command
{
    public RunCommand()
        : base("run", "Serve a folder of Gateway API YAML; edits are served within 2 seconds, Ctrl+C stops")
    {
        var config = CommonOptions.Config();
        var portOffset = CommonOptions.PortOffset(0);
        var listenAddress = CommonOptions.ListenAddress(IPAddress.Any);
        var logLevel = CommonOptions.LogLevel();
        var healthPort = HealthPortOption.Create();
        Options.Add(config);
        Options.Add(portOffset);
        Options.Add(listenAddress);
        Options.Add(logLevel);
        Options.Add(healthPort);
        SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetRequiredValue(config),
            new DataPlaneOptions
            {
                PortOffset = parseResult.GetValue(portOffset),
                ListenAddress = parseResult.GetRequiredValue(listenAddress),
            },
            parseResult.GetValue(logLevel),
            parseResult.GetValue(healthPort),
            parseResult.InvocationConfiguration.Error,
            cancellationToken));
    }

    private static async Task<int> RunAsync(
        string directory, DataPlaneOptions dataPlaneOptions, LogLevel logLevel, int? healthPort, TextWriter error,
        CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            error.WriteLine($"azgw: {directory}: directory does not exist");
            return ExitCodes.Unreadable;
        }
        using var loggerFactory = CliLogging.Create(logLevel);
        var source = new FolderSource(new FolderSourceOptions { Directory = directory }, loggerFactory.CreateLogger<FolderSource>());
        HealthServer? health = null;
        if (healthPort is { } port)
        {
            try
            {
                health = await HealthServer.StartAsync(dataPlaneOptions.ListenAddress, port, loggerFactory, cancellationToken);
            }
            catch (IOException e)
            {
                error.WriteLine($"azgw: --health-port {port}: {e.Message}");
                return ExitCodes.Failed;
            }
        }
        await using (health)
        {
            // Ready once the first configuration is served; serving then goes on (null: no exit code).
            return await GatewayPipeline.ServeAsync(source, dataPlaneOptions, loggerFactory, cancellationToken,
                health is null ? null : (_, _) =>
                {
                    health.MarkReady();
                    return Task.FromResult<int?>(null);
                });
        }
    }
}
