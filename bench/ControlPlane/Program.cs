using AzureGateway.Bench.ControlPlane;
using Microsoft.Extensions.Logging;

var (settings, error) = BenchmarkSettings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(BenchmarkSettings.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
// The data plane's warnings (a cluster it cannot use) matter to the figures; they go to stderr with the progress.
using var loggerFactory = LoggerFactory.Create(logging => logging
    .SetMinimumLevel(LogLevel.Warning)
    .AddSimpleConsole(console => console.SingleLine = true)
    .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));

var report = await new ControlPlaneBenchmark(settings, loggerFactory, Console.Error).RunAsync(stop.Token);
Console.Out.Write(report.ToMarkdown());
// The figures are printed either way; a failed check makes the run fail.
return report.Determinism.Identical && report.RotationVerified ? 0 : 1;
