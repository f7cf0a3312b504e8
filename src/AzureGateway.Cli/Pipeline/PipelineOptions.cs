using AzureGateway.Translation;

namespace AzureGateway.Cli.Pipeline;

/// <summary>How <see cref="GatewayPipeline"/> translates, and who else hears of each translation.</summary>
public sealed record PipelineOptions
{
    /// <summary>The default serves every GatewayClass (null ControllerNames), as the folder mode does: the folder is the gateway's whole world.</summary>
    public TranslatorOptions Translator { get; init; } = new();

    /// <summary>Called with every snapshot the source gives, before it is translated (Kubernetes mode finds new Key Vault bindings in it).</summary>
    public Action<Model.ResourceSnapshot>? Received { get; init; }

    /// <summary>Called with every translation, before it is applied (Kubernetes mode hands the statuses to the status writer).</summary>
    public Action<TranslationResult>? Translated { get; init; }

    /// <summary>
    /// Called after every configuration served: null when the gateway serves a listener or was asked for none, else
    /// one line saying why it is not ready (the health server's <c>/readyz</c> answers it).
    /// </summary>
    public Action<string?>? Readiness { get; init; }
}
