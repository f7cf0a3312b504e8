using AzureGateway.Translation.Tests.Backends;

namespace AzureGateway.Translation.Tests;

/// <summary>
/// Golden cases of the backend half of translation, <c>testdata/backends/&lt;case&gt;.in.yaml</c> →
/// <c>.out.yaml</c>, rendered by <see cref="BackendResolutionDriver"/>. <c>UPDATE_GOLDEN=1</c> rewrites them.
/// </summary>
public sealed class BackendTranslatorGoldenTests
{
    private const string Folder = "backends";

    public static IEnumerable<object[]> Cases() =>
        Directory.EnumerateFiles(Path.Combine(GoldenFiles.TestDataDirectory, Folder), "*.in.yaml")
            .Select(f => Path.GetFileName(f)[..^".in.yaml".Length])
            .Order(StringComparer.Ordinal)
            .Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backends_translate_as_the_golden_file_says(string name)
    {
        var input = GoldenFiles.ReadInput($"{Folder}/{name}");
        var actual = BackendResolutionDriver.Render(GoldenFiles.Snapshot(name + ".in.yaml", input));

        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(GoldenFiles.SourceTestDataDirectory, Folder, name + ".out.yaml"), actual);
            return;
        }
        var expectedPath = Path.Combine(GoldenFiles.TestDataDirectory, Folder, name + ".out.yaml");
        Assert.True(File.Exists(expectedPath), $"{Folder}/{name}.out.yaml is missing; run with UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backend_translation_is_deterministic_whatever_the_document_order(string name)
    {
        var input = GoldenFiles.ReadInput($"{Folder}/{name}");
        var reversed = string.Join("\n---\n", input.Split("\n---\n").Reverse());

        Assert.Equal(
            BackendResolutionDriver.Render(GoldenFiles.Snapshot(name, input)),
            BackendResolutionDriver.Render(GoldenFiles.Snapshot(name, reversed)));
    }
}
