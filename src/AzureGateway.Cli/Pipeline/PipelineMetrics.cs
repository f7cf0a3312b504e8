using System.Diagnostics.Metrics;
using AzureGateway.Translation;

namespace AzureGateway.Cli.Pipeline;

/// <summary>The configuration pipeline's instruments, on the meter <see cref="GatewayPipeline.MeterName"/>.</summary>
internal sealed class PipelineMetrics : IDisposable
{
    public const string Reloads = "azuregateway.config.reloads";
    public const string InvalidResources = "azuregateway.config.invalid_resources";

    private readonly Meter _meter = new(GatewayPipeline.MeterName);
    private readonly Counter<long> _reloads;

    // Replaced whole by each translation and counted only when the gauge is read (on the exporter's thread), so a
    // process nobody measures pays nothing.
    private volatile TranslationResult? _last;

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
            ReloadResult.Partial => "partial",
            _ => throw new ArgumentOutOfRangeException(nameof(result), result, null),
        }));

    public void Translated(TranslationResult result) => _last = result;

    /// <summary>Every kind in the last translation, with 0 when all its resources are fine.</summary>
    private IEnumerable<Measurement<int>> ObserveInvalid() =>
        (_last?.Statuses ?? [])
            .GroupBy(status => status.Resource.Kind, StringComparer.Ordinal)
            .Select(kind => new Measurement<int>(
                kind.Count(status => status.Conditions().Any(condition => condition.Status == "False")),
                new KeyValuePair<string, object?>("azuregateway.resource.kind", kind.Key)));

    public void Dispose() => _meter.Dispose();
}
