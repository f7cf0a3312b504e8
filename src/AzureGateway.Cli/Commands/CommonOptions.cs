using System.CommandLine;
using System.Globalization;
using System.Net;
using AzureGateway.DataPlane;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Cli.Commands;

/// <summary>Options several commands share, so they read and behave the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> Config() => new("--config")
    {
        Description = "Folder of Kubernetes YAML (*.yaml, *.yml) to serve",
        Required = true,
    };

    public static Option<int> PortOffset(int defaultValue) => new("--port-offset")
    {
        Description = "Added to every Gateway listener port, so 443 can run unprivileged",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<IPAddress> ListenAddress(IPAddress defaultValue) => new("--listen-address")
    {
        Description = "Address the listeners bind to",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (IPAddress.TryParse(text, out var address))
            {
                return address;
            }
            result.AddError($"'{text}' is not an IP address");
            return null;
        },
    };

    public static Option<LogLevel> LogLevel() => new("--log-level")
    {
        Description = "How much to log",
        DefaultValueFactory = _ => Microsoft.Extensions.Logging.LogLevel.Information,
    };

    /// <summary>
    /// <c>--health-port N</c>: where the cluster's liveness and readiness probes are answered, and the metrics scraped
    /// when they are not sent to Azure Monitor; off when absent.
    /// </summary>
    public static Option<int?> HealthPort()
    {
        var option = new Option<int?>("--health-port")
        {
            Description = "Serve /healthz (200 while running), /readyz (200 while a configuration is served, 503 before it or when its Gateways yield no listener) and /metrics (Prometheus, unless APPLICATIONINSIGHTS_CONNECTION_STRING is set) on this port",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > 65535)
            {
                result.AddError("--health-port must be between 1 and 65535");
            }
        });
        return option;
    }

    /// <summary>
    /// The data plane settings given on the command line, as configuration keys on top of the environment's, so the
    /// command line (its defaults included) wins. <c>--listen-address</c> is given as the options' own value instead:
    /// an address is not a value the configuration binder converts.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> DataPlaneSettings(ParseResult parseResult, Option<int> portOffset) =>
        new Dictionary<string, string?>
        {
            [$"{DataPlaneOptions.SectionName}:{nameof(DataPlaneOptions.PortOffset)}"] = parseResult.GetValue(portOffset).ToString(CultureInfo.InvariantCulture),
        };
}
