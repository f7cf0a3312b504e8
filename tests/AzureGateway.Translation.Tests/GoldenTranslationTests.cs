namespace AzureGateway.Translation.Tests;

public sealed class GoldenTranslationTests
{
    [Theory]
    [MemberData(nameof(GoldenFiles.Cases), MemberType = typeof(GoldenFiles))]
    public void Translation_matches_golden_file(string name)
    {
        var input = GoldenFiles.ReadInput(name);
        var snapshot = GoldenFiles.Snapshot(name + ".in.yaml", input);
        var actual = GoldenFiles.Render(GoldenFiles.Translate(snapshot), snapshot);

        var expectedPath = Path.Combine(GoldenFiles.TestDataDirectory, name + ".out.yaml");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(GoldenFiles.SourceTestDataDirectory, name + ".out.yaml"), actual);
            return;
        }
        Assert.True(File.Exists(expectedPath), $"{name}.out.yaml is missing; run with UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }

    [Theory]
    [MemberData(nameof(GoldenFiles.Cases), MemberType = typeof(GoldenFiles))]
    public void Translation_is_deterministic_whatever_the_document_order(string name)
    {
        var input = GoldenFiles.ReadInput(name);
        var forward = GoldenFiles.Snapshot(name, input);
        var reversedDocuments = string.Join("\n---\n", input.Split("\n---\n").Reverse());
        var backward = GoldenFiles.Snapshot(name, reversedDocuments);

        Assert.Equal(
            GoldenFiles.Render(GoldenFiles.Translate(forward)),
            GoldenFiles.Render(GoldenFiles.Translate(backward)));
    }
}
