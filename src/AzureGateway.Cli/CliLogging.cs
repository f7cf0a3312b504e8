using Microsoft.Extensions.Logging;

namespace AzureGateway.Cli;

/// <summary>Console logging for the long-running commands.</summary>
internal static class CliLogging
{
    public static void Configure(ILoggingBuilder builder, LogLevel level)
    {
        // ASP.NET Core and YARP log every request at Information, which costs a third of the throughput and
        // buries the gateway's own lines; they speak at the chosen level only when it is Debug or finer.
        var frameworkLevel = level <= LogLevel.Debug ? level : (LogLevel)Math.Max((int)level, (int)LogLevel.Warning);
        builder
            .SetMinimumLevel(level)
            .AddFilter("Microsoft", frameworkLevel)
            .AddFilter("Yarp", frameworkLevel)
            .AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss ";
            });
    }
}
