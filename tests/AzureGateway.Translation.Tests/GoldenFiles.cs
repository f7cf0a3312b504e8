using System.Text.RegularExpressions;
using AzureGateway.Model;
using AzureGateway.Sources.Files;
using AzureGateway.Translation;
using AzureGateway.Translation.Rendering;
using Microsoft.Extensions.Time.Testing;

namespace AzureGateway.Translation.Tests;

/// <summary>
/// Loads <c>testdata/&lt;case&gt;.in.yaml</c>, translates it at a fixed instant and renders statuses + IR.
/// In inputs, <c>${b64:name}</c> stands for the base64 of <c>testdata/certs/name</c> so Secrets stay one line.
/// Set <c>UPDATE_GOLDEN=1</c> to rewrite the <c>.out.yaml</c> files from the current output.
/// </summary>
public static partial class GoldenFiles
{
    /// <summary>The translator's clock in every golden case: after <c>expired.crt</c> ran out, before the rest do.</summary>
    public static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string TestDataDirectory => Path.Combine(AppContext.BaseDirectory, "testdata");

    /// <summary>The source tree's testdata folder, where updated golden files are written.</summary>
    public static string SourceTestDataDirectory =>
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "testdata"));

    public static IEnumerable<object[]> Cases() =>
        Directory.EnumerateFiles(TestDataDirectory, "*.in.yaml")
            .Select(f => Path.GetFileName(f)[..^".in.yaml".Length])
            .Order(StringComparer.Ordinal)
            .Select(name => new object[] { name });

    public static string ReadInput(string name)
    {
        var text = File.ReadAllText(Path.Combine(TestDataDirectory, name + ".in.yaml"));
        return Placeholder().Replace(text, m =>
            Convert.ToBase64String(File.ReadAllBytes(Path.Combine(TestDataDirectory, "certs", m.Groups[1].Value))));
    }

    public static ResourceSnapshot Snapshot(string fileName, string yaml)
    {
        var loaded = YamlDocumentLoader.Load(fileName, yaml);
        Assert.Null(loaded.Error);
        return ResourceSnapshot.From(loaded.Objects) with
        {
            Refused = [.. loaded.Warnings.Where(w => w.IsRefusal).Select(w => w.ToString())],
        };
    }

    /// <summary>
    /// The statuses and IR, then the documents the loader refused (as the API server would, so they never reach
    /// the translator), one comment line each: a case shows what is refused, with its line, beside what is served.
    /// </summary>
    public static string Render(TranslationResult result, ResourceSnapshot snapshot) =>
        snapshot.Refused.IsEmpty
            ? Render(result)
            : Render(result) + "---\n# refused by the loader, not translated:\n" + string.Concat(snapshot.Refused.Select(r => $"# {r}\n"));

    /// <summary>The translator options of every golden case: the clock fixed at <see cref="Now"/>.</summary>
    public static TranslatorOptions Options => new() { Time = new FakeTimeProvider(Now) };

    public static TranslationResult Translate(ResourceSnapshot snapshot) =>
        new GatewayTranslator(Options).Translate(snapshot);

    public static string Render(TranslationResult result) => TranslationYaml.Golden(result);

    [GeneratedRegex(@"\$\{b64:([A-Za-z0-9._-]+)\}")]
    private static partial Regex Placeholder();
}
