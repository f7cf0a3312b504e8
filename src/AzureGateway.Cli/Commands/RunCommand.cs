using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using AzureGateway.Cli.Hosting;
using AzureGateway.Cli.Pipeline;
using AzureGateway.DataPlane;
using AzureGateway.KeyVault.Local;
using AzureGateway.KeyVault.Notifying;
using AzureGateway.KeyVault.Reading;
using AzureGateway.KeyVault.Sync;
using AzureGateway.Model;
using AzureGateway.Sources;
using AzureGateway.Sources.Files;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Cli.Commands;

/// <summary>
/// <c>azgw run --config DIR</c>: serves a watched folder of Gateway API YAML until Ctrl+C.
/// <c>azgw run --kubernetes</c>: serves what the cluster holds and writes status back.
/// </summary>
public sealed class RunCommand : Command
{
    /// <param name="environment">The settings from the environment (<see cref="GatewayConfiguration"/>), on which the host's configuration is built.</param>
    public RunCommand(IConfiguration environment)
        : base("run", "Serve a folder of Gateway API YAML (--config) or a cluster (--kubernetes); changes are served without a restart, Ctrl+C stops")
    {
        var config = CommonOptions.Config();
        config.Required = false;
        var kubernetes = new Option<bool>("--kubernetes")
        {
            Description = "Watch the cluster's Gateway API resources and write their status (in-cluster configuration unless --kubeconfig)",
        };
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "With --kubernetes: the kubeconfig file to use" };
        var controllerNames = new Option<string[]>("--controller-name")
        {
            Description = $"With --kubernetes: a GatewayClass controllerName to serve (repeatable; default {ResourceKinds.ControllerName})",
            AllowMultipleArgumentsPerToken = false,
        };
        var addressService = new Option<(string Namespace, string Name)?>("--address-service")
        {
            Description = "With --kubernetes: NAMESPACE/NAME of the data plane Service whose load balancer address Gateways report",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (text.Split('/') is [{ Length: > 0 } ns, { Length: > 0 } name])
                {
                    return (ns, name);
                }
                result.AddError($"'{text}' is not NAMESPACE/NAME");
                return null;
            },
        };
        var syncUrl = new Option<string?>("--sync-url")
        {
            Description = $"With --kubernetes: the functions app's cluster-changed endpoint, told within seconds of new Key Vault bindings, else its timer fills them (default: ${GatewayConfiguration.SyncUrl})",
        };
        var syncAudience = new Option<string?>("--sync-audience")
        {
            Description = $"With --sync-url: the Entra application (client id or api:// URI) the functions app accepts tokens for (default: ${GatewayConfiguration.SyncAudience})",
        };
        var portOffset = CommonOptions.PortOffset(0);
        var listenAddress = CommonOptions.ListenAddress(IPAddress.Any);
        var logLevel = CommonOptions.LogLevel();
        var healthPort = CommonOptions.HealthPort();
        Options.Add(config);
        Options.Add(kubernetes);
        Options.Add(kubeconfig);
        Options.Add(controllerNames);
        Options.Add(addressService);
        // The command line wins; the environment fills what it leaves out. Not a default value: the command's
        // validator sees only what was given, and the environment's values must be checked as much as the options.
        string? SyncUrl(CommandResult result) => result.GetValue(syncUrl) ?? environment.Setting(GatewayConfiguration.SyncUrl);
        string? SyncAudience(CommandResult result) => result.GetValue(syncAudience) ?? environment.Setting(GatewayConfiguration.SyncAudience);
        Options.Add(syncUrl);
        Options.Add(syncAudience);
        Options.Add(portOffset);
        Options.Add(listenAddress);
        Options.Add(logLevel);
        Options.Add(healthPort);
        Validators.Add(result =>
        {
            var fromFolder = result.GetResult(config) is not null;
            var fromCluster = result.GetValue(kubernetes);
            if (fromFolder == fromCluster)
            {
                result.AddError("give either --config DIR or --kubernetes");
            }
            else if (!fromCluster && (result.GetResult(kubeconfig) ?? result.GetResult(controllerNames) ?? (object?)result.GetResult(addressService)) is not null)
            {
                result.AddError("--kubeconfig, --controller-name and --address-service go with --kubernetes");
            }
            else if ((SyncUrl(result) is null) != (SyncAudience(result) is null))
            {
                result.AddError("--sync-url and --sync-audience go together");
            }
            else if (SyncUrl(result) is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
            {
                result.AddError("--sync-url must be an https:// URL: the notice carries a bearer token");
            }
        });
        SetAction((parseResult, cancellationToken) =>
        {
            var settings = new HostSettings
            {
                LogLevel = parseResult.GetValue(logLevel),
                HealthPort = parseResult.GetValue(healthPort),
                DataPlane = new DataPlaneOptions { ListenAddress = parseResult.GetRequiredValue(listenAddress) },
                CommandLine = CommonOptions.DataPlaneSettings(parseResult, portOffset),
            };
            var error = parseResult.InvocationConfiguration.Error;
            if (!parseResult.GetValue(kubernetes))
            {
                return RunAsync(parseResult.GetRequiredValue(config), environment, settings, error, cancellationToken);
            }
            var names = parseResult.GetValue(controllerNames) is { Length: > 0 } given ? given : [ResourceKinds.ControllerName];
            var options = new KubernetesModeOptions
            {
                Kubeconfig = parseResult.GetValue(kubeconfig),
                ControllerNames = names.ToHashSet(StringComparer.Ordinal),
                AddressService = parseResult.GetValue(addressService),
                SyncNotifier = (SyncUrl(parseResult.CommandResult), SyncAudience(parseResult.CommandResult)) is ({ } url, { } audience)
                    ? new SyncNotifierOptions { Endpoint = new Uri(url), Audience = audience }
                    : null,
                PodName = environment.Setting(GatewayConfiguration.PodName),
                PodNamespace = environment.Setting(GatewayConfiguration.PodNamespace),
            };
            return KubernetesMode.ServeAsync(options, GatewayHost.CreateBuilder(environment, settings), null, error, cancellationToken);
        });
    }

    private static async Task<int> RunAsync(
        string directory, IConfiguration environment, HostSettings settings, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            error.WriteLine($"azgw: {directory}: directory does not exist");
            return ExitCodes.Unreadable;
        }
        var builder = GatewayHost.CreateBuilder(environment, settings);
        builder.Services.AddSingleton<ISnapshotSource>(services =>
        {
            var loggerFactory = services.GetRequiredService<ILoggerFactory>();
            var folder = new FolderSource(new FolderSourceOptions { Directory = directory }, loggerFactory.CreateLogger<FolderSource>());
            // Key Vault bindings in the folder are resolved in memory; a folder without any never reaches Azure.
            var options = new CertificateSyncOptions();
            var reader = KeyVaultCertificateReader.ForAzure(options, loggerFactory.CreateLogger<KeyVaultCertificateReader>());
            return new KeyVaultSnapshotSource(folder, reader, options, TimeProvider.System, loggerFactory);
        });
        builder.Services.AddSingleton(new PipelineOptions());
        return await GatewayHost.RunAsync(builder, null, error, cancellationToken);
    }
}
