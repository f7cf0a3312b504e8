using System.CommandLine;
using AzureGateway.Cli.Commands;

namespace AzureGateway.Cli;

/// <summary>The <c>azgw</c> command tree. Program.cs and the tests both invoke it.</summary>
public static class AzgwCommandLine
{
    public static RootCommand Create() => new("AzureGateway: a Gateway API gateway with backend mutual TLS")
    {
        new RunCommand(),
        new ValidateCommand(),
        new DemoCommand(),
        new EchoBackendCommand(),
    };
}
