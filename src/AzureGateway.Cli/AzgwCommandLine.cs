using System.CommandLine;
using AzureGateway.Cli.Commands;
using AzureGateway.Cli.Hosting;
using Microsoft.Extensions.Configuration;

namespace AzureGateway.Cli;

/// <summary>The <c>azgw</c> command tree. Program.cs and the tests both invoke it.</summary>
public static class AzgwCommandLine
{
    /// <param name="environment">
    /// The settings <c>azgw run</c> and <c>azgw demo</c> read besides their options; null reads them from the process's
    /// environment (<see cref="GatewayConfiguration.FromEnvironment"/>).
    /// </param>
    public static RootCommand Create(IConfiguration? environment = null)
    {
        environment ??= GatewayConfiguration.FromEnvironment();
        return new("AzureGateway: a Gateway API gateway with backend mutual TLS")
        {
            new RunCommand(environment),
            new ValidateCommand(),
            new DemoCommand(environment),
            new EchoBackendCommand(),
        };
    }
}
