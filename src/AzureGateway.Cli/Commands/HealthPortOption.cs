using System.CommandLine;

namespace AzureGateway.Cli.Commands;

/// <summary><c>--health-port N</c>: where the cluster's liveness and readiness probes are answered; off when absent.</summary>
internal static class HealthPortOption
{
    public static Option<int?> Create()
    {
        var option = new Option<int?>("--health-port")
        {
            Description = "Serve /healthz (200 while running) and /readyz (200 once a configuration is served) on this port",
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
}
