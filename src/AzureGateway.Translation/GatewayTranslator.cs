using System.Collections.Immutable;
using AzureGateway.IR;
using AzureGateway.Model;

namespace AzureGateway.Translation;

/// <summary>
/// snapshot → (IR, statuses). Pure: no I/O, the clock only through <see cref="TranslatorOptions.Time"/>,
/// and deterministic: the same snapshot gives the same result, byte for byte when rendered.
/// </summary>
public sealed class GatewayTranslator(TranslatorOptions options)
{
    public TranslationResult Translate(ResourceSnapshot snapshot)
    {
        var context = new TranslationContext(snapshot, options);
        _ = context;
        return new TranslationResult(GatewayIr.Empty, ImmutableArray<ResourceStatus>.Empty);
    }
}
