using AzureGateway.Model;
using AzureGateway.Translation;
using AzureGateway.Translation.Rendering;

namespace AzureGateway.Bench.ControlPlane.Measurements;

/// <summary>Whether a translation equals one made from scratch, by the IR's value equality and by its rendering.</summary>
public sealed record DeterminismFigures(bool IrEqual, bool RenderingEqual, int RenderedBytes)
{
    public bool Identical => IrEqual && RenderingEqual;
}

public static class Determinism
{
    /// <summary>
    /// Translates <paramref name="snapshot"/> in a translator that has seen nothing before and compares the
    /// result with <paramref name="result"/>: the IR by <c>Equals</c>, the statuses and IR by their golden
    /// rendering (the form golden files and <c>azgw validate</c> use), string for string.
    /// </summary>
    public static DeterminismFigures Check(TranslatorOptions options, ResourceSnapshot snapshot, TranslationResult result)
    {
        var fresh = new GatewayTranslator(options).Translate(snapshot);
        var expected = TranslationYaml.Golden(fresh);
        var actual = TranslationYaml.Golden(result);
        return new DeterminismFigures(fresh.Ir.Equals(result.Ir), string.Equals(expected, actual, StringComparison.Ordinal), actual.Length);
    }
}
