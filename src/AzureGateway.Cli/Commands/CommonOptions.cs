using System.CommandLine;
using System.Net;
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
}
