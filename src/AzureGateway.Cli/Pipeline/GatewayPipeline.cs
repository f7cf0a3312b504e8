using AzureGateway.DataPlane;
using AzureGateway.IR;
using AzureGateway.Sources;
using AzureGateway.Translation;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Cli.Pipeline;

/// <summary>
/// source → translator → data plane: every snapshot the source publishes is translated and its IR applied, and
/// every False condition is logged. <c>azgw run</c> and <c>azgw demo</c> both serve through it.
/// </summary>
public sealed partial class GatewayPipeline : IAsyncDisposable
{
    /// <summary>The meter of the pipeline's instruments (configuration reloads, resources with a False condition).</summary>
    public const string MeterName = "AzureGateway.Pipeline";

    private readonly RecheckedSnapshots _snapshots;
    private readonly GatewayTranslator _translator;
    private readonly GatewayDataPlane _dataPlane;
    private readonly ILogger<GatewayPipeline> _logger;
    private readonly Action<Model.ResourceSnapshot>? _received;
    private readonly Action<TranslationResult>? _translated;
    private readonly Action<string?>? _readiness;
    private readonly PipelineMetrics _metrics = new();
    private readonly TaskCompletionSource _firstApplied = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayPipeline(
        RecheckedSnapshots snapshots, GatewayTranslator translator, GatewayDataPlane dataPlane, ILogger<GatewayPipeline> logger,
        Action<Model.ResourceSnapshot>? received, Action<TranslationResult>? translated, Action<string?>? readiness)
    {
        _received = received;
        _snapshots = snapshots;
        _translator = translator;
        _dataPlane = dataPlane;
        _logger = logger;
        _translated = translated;
        _readiness = readiness;
    }

    /// <summary>Starts the data plane (serving nothing until the first snapshot arrives).</summary>
    private static async Task<GatewayPipeline> StartAsync(
        ISnapshotSource source, DataPlaneOptions dataPlaneOptions, ILoggerFactory loggerFactory, PipelineOptions options,
        CancellationToken cancellationToken)
    {
        var dataPlane = await GatewayDataPlane.StartAsync(dataPlaneOptions, loggerFactory, cancellationToken);
        var translator = new GatewayTranslator(options.Translator);
        var snapshots = new RecheckedSnapshots(source, options.Translator.Time);
        return new GatewayPipeline(snapshots, translator, dataPlane, loggerFactory.CreateLogger<GatewayPipeline>(), options.Received, options.Translated, options.Readiness);
    }

    /// <summary>
    /// Serves the source's snapshots until cancelled and returns the exit code. Once the first configuration is
    /// served, <paramref name="whileServing"/> (if any) runs with the data plane: when it returns an exit code,
    /// serving stops with that code; when it returns null, serving goes on.
    /// </summary>
    public static async Task<int> ServeAsync(
        ISnapshotSource source, DataPlaneOptions dataPlaneOptions, ILoggerFactory loggerFactory,
        CancellationToken cancellationToken, Func<GatewayDataPlane, CancellationToken, Task<int?>>? whileServing = null,
        PipelineOptions? options = null)
    {
        try
        {
            await using var pipeline = await StartAsync(source, dataPlaneOptions, loggerFactory, options ?? new PipelineOptions(), cancellationToken);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var serving = pipeline.RunAsync(stop.Token);
            int? exitCode = null;
            if (whileServing is not null)
            {
                await pipeline._firstApplied.Task;
                exitCode = await whileServing(pipeline._dataPlane, stop.Token);
                if (exitCode is not null)
                {
                    await stop.CancelAsync();
                }
            }
            await serving;
            return exitCode ?? ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
    }

    /// <summary>
    /// Serves each new snapshot until <paramref name="cancellationToken"/> is cancelled, then returns. The first
    /// configuration served completes <see cref="_firstApplied"/>; stopping before that fails or cancels it.
    /// </summary>
    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            GatewayIr? applied = null;
            await foreach (var snapshot in _snapshots.WatchAsync(cancellationToken))
            {
                if (_snapshots.IsRecheck)
                {
                    Log.Rechecking(_logger);
                }
                else
                {
                    _received?.Invoke(snapshot);
                }
                if (snapshot.ReadFailure is not null && applied is null)
                {
                    // Nothing was ever read: there is no configuration to serve yet (the source logged why).
                    _metrics.Reloaded(ReloadResult.Failed);
                    continue;
                }
                var result = Translate(snapshot);
                if (result is null)
                {
                    _metrics.Reloaded(ReloadResult.Failed);
                    continue;
                }
                _snapshots.RecheckAt = result.HoldsUntil;
                var problems = LogProblems(result);
                _metrics.Translated(result);
                _translated?.Invoke(result);
                // An unchanged IR is not re-applied: applying rebuilds backend connection pools for nothing.
                var changed = !result.Ir.Equals(applied);
                if (changed)
                {
                    await _dataPlane.ApplyAsync(result.Ir, cancellationToken);
                    applied = result.Ir;
                }
                _metrics.Reloaded(ReloadOf(snapshot, changed));
                // Ports that could not be bound are logged by the data plane and retried on the next change.
                var ports = result.Ir.Ports.Count - _dataPlane.PortErrors.Count;
                Log.Serving(_logger, ports, result.Ir.Clusters.Count, problems);
                _readiness?.Invoke(NotReadyReason(result, ports));
                _firstApplied.TrySetResult();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Being stopped is how serving ends, not a failure.
        }
        catch (Exception e)
        {
            _firstApplied.TrySetException(e);
            throw;
        }
        finally
        {
            _firstApplied.TrySetCanceled(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _dataPlane.DisposeAsync();
        _metrics.Dispose();
    }

    /// <summary>
    /// A rejected read is a failure even though the last good snapshot it carries is served; refused documents
    /// make the reload partial whether or not the rest changed what is served.
    /// </summary>
    private static ReloadResult ReloadOf(Model.ResourceSnapshot snapshot, bool changed) =>
        snapshot.ReadFailure is not null ? ReloadResult.Failed
        : !snapshot.Refused.IsEmpty ? ReloadResult.Partial
        : changed ? ReloadResult.Applied
        : ReloadResult.Unchanged;

    /// <summary>
    /// Why a gateway serving <paramref name="ports"/> ports is not ready: it was given Gateways and serves none of
    /// their listeners. A configuration without Gateways asks for nothing, and serving nothing is then right.
    /// </summary>
    private static string? NotReadyReason(TranslationResult result, int ports)
    {
        var gateways = result.Statuses.Count(status => status.Resource.Kind == "Gateway");
        return (ports, gateways) switch
        {
            (> 0, _) or (_, 0) => null,
            (_, 1) => "serving no listener: the Gateway has no listener that can be served (its status says why)",
            _ => $"serving no listener: none of the {gateways} Gateways has a listener that can be served (their status says why)",
        };
    }

    private TranslationResult? Translate(Model.ResourceSnapshot snapshot)
    {
        try
        {
            return _translator.Translate(snapshot);
        }
        catch (Exception e)
        {
            // User input never makes the translator throw; if it does, that is a bug, and the gateway keeps
            // serving what it served before rather than stopping.
            Log.TranslationFailed(_logger, e);
            return null;
        }
    }

    private int LogProblems(TranslationResult result)
    {
        var problems = 0;
        foreach (var status in result.Statuses)
        {
            foreach (var condition in status.Conditions().Where(c => c.Status == "False"))
            {
                Log.ConditionFalse(_logger, status.Resource.ToString(), condition.Type, condition.Reason, condition.Message);
                problems++;
            }
        }
        return problems;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource}: {ConditionType} is False ({Reason}): {ConditionMessage}")]
        public static partial void ConditionFalse(ILogger logger, string resource, string conditionType, string reason, string conditionMessage);

        [LoggerMessage(Level = LogLevel.Information, Message = "Serving {PortCount} ports and {ClusterCount} backend clusters; {ProblemCount} False conditions")]
        public static partial void Serving(ILogger logger, int portCount, int clusterCount, int problemCount);

        [LoggerMessage(Level = LogLevel.Information, Message = "A certificate in use reached the end or start of its validity; translating the configuration again")]
        public static partial void Rechecking(ILogger logger);

        [LoggerMessage(Level = LogLevel.Error, Message = "Translation failed; the last good configuration keeps serving")]
        public static partial void TranslationFailed(ILogger logger, Exception exception);
    }
}
