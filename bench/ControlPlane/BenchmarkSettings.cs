using System.Globalization;

namespace AzureGateway.Bench.ControlPlane;

/// <summary>The size of the generated fleet and how often to measure, from the command line.</summary>
public sealed record BenchmarkSettings
{
    public int Routes { get; init; } = 10_000;
    public int Services { get; init; } = 2_000;
    public int Certificates { get; init; } = 500;

    /// <summary>Timed translations after the warm-up one.</summary>
    public int Iterations { get; init; } = 5;

    /// <summary>Seeds the layout (which route goes where); the same seed gives the same fleet.</summary>
    public int Seed { get; init; } = 20_250_301;

    public const string Usage =
        "usage: dotnet run -c Release --project bench/ControlPlane [-- --routes N --services N --certificates N --iterations N --seed N]";

    /// <summary>The settings, or a one-line reason the arguments cannot be used.</summary>
    public static (BenchmarkSettings? Settings, string? Error) Parse(IReadOnlyList<string> args)
    {
        var settings = new BenchmarkSettings();
        for (var i = 0; i < args.Count; i++)
        {
            if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return (null, $"{args[i]} needs a whole number");
            }
            switch (args[i])
            {
                case "--routes": settings = settings with { Routes = value }; break;
                case "--services": settings = settings with { Services = value }; break;
                case "--certificates": settings = settings with { Certificates = value }; break;
                case "--iterations": settings = settings with { Iterations = value }; break;
                case "--seed": settings = settings with { Seed = value }; break;
                default: return (null, $"unknown option {args[i]}");
            }
            i++;
        }
        return settings.Problem() is { } problem ? (null, problem) : (settings, null);
    }

    private string? Problem() => this switch
    {
        { Routes: < 1 } => "--routes must be at least 1",
        { Services: < 1 } => "--services must be at least 1",
        // Each Gateway needs its own backend client certificate and at least one listener certificate.
        { Certificates: < 4 } => "--certificates must be at least 4",
        { Iterations: < 1 } => "--iterations must be at least 1",
        _ => null,
    };
}
