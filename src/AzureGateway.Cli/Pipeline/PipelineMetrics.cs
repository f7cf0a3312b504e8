using System.Diagnostics.Metrics;
using AzureGateway.Translation;

namespace AzureGateway.Cli.Pipeline;

/// <summary>What became of each snapshot, and how many resources the last translation found fault with.</summary>
internal enum ReloadResult
{
    /// <summary>A new configuration is served.</summary>
    Applied,

    /// <summary>The snapshot translates to the configuration already served.</summary>
    Unchanged,

    /// <summary>The translator failed; the last good configuration keeps serving.</summary>
    Failed,
}

/// <summary>The configuration pipeline's instruments, on the meter <see cref="GatewayPipeline.MeterName"/>.</summary>
internal sealed class PipelineMetrics : IDisposable
{
    public const string Reloads = "azuregateway.config.reloads";
    public const string InvalidResources = "azuregateway.config.invalid_resources";

    private readonly Meter _meter = new(GatewayPipeline.MeterName);
    private readonly Counter<long> _reloads;

    // By kind, from the last translation: replaced whole, read by the gauge's callback on the exporter's thread.
    private volatile IReadOnlyList<(string Kind, int Count)> _invalid = [];

    public PipelineMetrics()
    {
        _reloads = _meter.CreateCounter<long>(Reloads, "{reload}", "Snapshots of the configuration translated, by result");
        _meter.CreateObservableGauge(InvalidResources, ObserveInvalid, "{resource}",
            "Resources with a False condition in the last translation, by kind");
    }

    public void Reloaded(ReloadResult result) =>
        _reloads.Add(1, new KeyValuePair<string, object?>("azuregateway.config.result", result switch
        {
            ReloadResult.Applied => "applied",
            ReloadResult.Unchanged => "unchanged",
            ReloadResult.Failed => "failed",
            _ => throw new ArgumentOutOfRangeException(nameof(result), result, null),
        }));

    /// <summary>Every kind in <paramref name="result"/> is reported, with 0 when all its resources are fine.</summary>
    public void Translated(TranslationResult result) =>
        _invalid = [.. result.Statuses
            .GroupBy(status => status.Resource.Kind, StringComparer.Ordinal)
            .Select(kind => (kind.Key, kind.Count(status => status.Conditions().Any(c => c.Status == "False"))))];

    private IEnumerable<Measurement<int>> ObserveInvalid() =>
        _invalid.Select(kind => new Measurement<int>(kind.Count, new KeyValuePair<string, object?>("azuregateway.resource.kind", kind.Kind)));

    public void Dispose() => _meter.Dispose();
}
