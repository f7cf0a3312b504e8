using AzureGateway.Translation;

namespace AzureGateway.Cli.Pipeline;

/// <summary>How <see cref="GatewayPipeline"/> translates, and who else hears of each translation.</summary>
public sealed record PipelineOptions
{
    /// <summary>The default serves every GatewayClass (null ControllerNames), as the folder mode does: the folder is the gateway's whole world.</summary>
    public TranslatorOptions Translator { get; init; } = new();

    /// <summary>Called with every translation, before it is applied (Kubernetes mode hands the statuses to the status writer).</summary>
    public Action<TranslationResult>? Translated { get; init; }
}
