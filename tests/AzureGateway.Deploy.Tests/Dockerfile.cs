namespace AzureGateway.Deploy.Tests;

/// <summary>The repository's Dockerfile, read as the lines of its final stage (the image that runs).</summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<string> finalStage) => FinalStage = finalStage;

    public IReadOnlyList<string> FinalStage { get; }

    /// <summary>The final stage's <c>ENV NAME=VALUE</c> settings, the way bench/gateways.py reads them.</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        FinalStage.Where(l => l.StartsWith("ENV ", StringComparison.Ordinal))
            .Select(l => l["ENV ".Length..].Trim().Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);

    public static Dockerfile Read()
    {
        var lines = File.ReadAllLines(RepositoryFiles.File("Dockerfile"));
        var lastFrom = Array.FindLastIndex(lines, l => l.StartsWith("FROM ", StringComparison.Ordinal));
        Assert.True(lastFrom >= 0, "the Dockerfile has no FROM");
        return new Dockerfile(lines[lastFrom..].Where(l => l.Length > 0 && !l.StartsWith('#')).ToList());
    }

    public string? Instruction(string name) =>
        FinalStage.LastOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal))?[(name.Length + 1)..].Trim();
}
