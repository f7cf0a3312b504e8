using System.CommandLine;
using System.Net;
using AzureGateway.Cli.Pipeline;
using AzureGateway.DataPlane;
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
        Options.Add(config);
        Options.Add(portOffset);
        Options.Add(listenAddress);
        Options.Add(logLevel);
        SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetRequiredValue(config),
            new DataPlaneOptions
            {
                PortOffset = parseResult.GetValue(portOffset),
                ListenAddress = parseResult.GetRequiredValue(listenAddress),
            },
            parseResult.GetValue(logLevel),
            parseResult.InvocationConfiguration.Error,
            cancellationToken));
    }

    private static async Task<int> RunAsync(
        string directory, DataPlaneOptions dataPlaneOptions, LogLevel logLevel, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            error.WriteLine($"azgw: {directory}: directory does not exist");
            return ExitCodes.Unreadable;
        }
        using var loggerFactory = CliLogging.Create(logLevel);
        var source = new FolderSource(new FolderSourceOptions { Directory = directory }, loggerFactory.CreateLogger<FolderSource>());
        return await ServeAsync(source, dataPlaneOptions, loggerFactory, error, cancellationToken);
    }

    /// <summary>
    /// Serves until cancelled. Once the first configuration is served, <paramref name="whileServing"/> (if any) runs;
    /// when it returns an exit code, serving stops with that code, when it returns null serving goes on. A failure
    /// to serve (a port in use) is one line, not a stack trace.
    /// </summary>
    internal static async Task<int> ServeAsync(
        FolderSource source, DataPlaneOptions dataPlaneOptions, ILoggerFactory loggerFactory, TextWriter error,
        CancellationToken cancellationToken, Func<CancellationToken, Task<int?>>? whileServing = null)
    {
        try
        {
            await using var pipeline = await GatewayPipeline.StartAsync(source, dataPlaneOptions, loggerFactory, cancellationToken);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var serving = pipeline.RunAsync(stop.Token);
            int? exitCode = null;
            if (whileServing is not null)
            {
                await pipeline.FirstApplied;
                exitCode = await whileServing(stop.Token);
                if (exitCode is not null)
                {
                    await stop.CancelAsync();
                }
            }
            await serving;
            return exitCode ?? ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (IOException e)
        {
            error.WriteLine($"azgw: {e.Message}");
            return ExitCodes.Failed;
        }
    }
}
