using System.Text;
using AzureGateway.Model;
using AzureGateway.Sources.Files;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Cli.Tests;

public sealed class FolderSourceTests : IDisposable
{
    // Generous for a loaded 2-core machine; the source itself answers in about a quarter of a second.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TempFolder _folder = new();
    private readonly RecordingLogger<FolderSource> _logger = new();

    private const string Namespace = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: test-infra
        """;

    private static string Secret(string name, string value) => $"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: {name}
          namespace: test-infra
        type: Opaque
        data:
          value: {Convert.ToBase64String(Encoding.UTF8.GetBytes(value))}
        """;

    [Fact]
    public async Task FirstSnapshotHoldsEveryResourceOfTheYamlAndYmlFiles()
    {
        File.WriteAllText(_folder.File("b.yml"), Secret("second", "2"));
        File.WriteAllText(_folder.File("a.yaml"), Namespace + "\n---\n" + Secret("first", "1"));
        File.WriteAllText(_folder.File("notes.txt"), "not: [yaml");
        File.WriteAllText(_folder.File(".#a.yaml"), "an editor's lock file: [not yaml");

        await using var snapshots = Watch();
        var snapshot = await NextAsync(snapshots);

        Assert.Equal(["test-infra"], snapshot.Namespaces.Select(n => n.Metadata.Name));
        Assert.Equal(["first", "second"], snapshot.Secrets.Select(s => s.Metadata.Name));
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("from 2 files", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryKindOfTheOneListLoadsFromAFolderUnderEachOfItsApiVersions()
    {
        var documents = ResourceKinds.All.SelectMany(kind => kind.ApiVersions.Select((apiVersion, i) => $"""
            apiVersion: {apiVersion}
            kind: {kind.Kind}
            metadata:
              name: one-{kind.Kind.ToLowerInvariant()}-{i}
            {(kind.Namespaced ? "  namespace: test-infra" : "")}
            """));
        File.WriteAllText(_folder.File("kinds.yaml"), string.Join("\n---\n", documents));
        await using var snapshots = Watch();

        var snapshot = await NextAsync(snapshots);

        Assert.All(ResourceKinds.All, kind => Assert.Equal(
            kind.ApiVersions.Select((_, i) => $"one-{kind.Kind.ToLowerInvariant()}-{i}"),
            kind.In(snapshot).Select(o => o.Metadata.Name)));
        Assert.DoesNotContain(_logger.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task AnEditParsesOnlyTheEditedFileAndReusesTheOthers()
    {
        File.WriteAllText(_folder.File("a.yaml"), Secret("unchanged", "same"));
        File.WriteAllText(_folder.File("b.yaml"), Secret("rotating", "old"));
        await using var snapshots = Watch();
        var before = await NextAsync(snapshots);

        File.WriteAllText(_folder.File("b.yaml"), Secret("rotating", "new"));
        var after = await NextAsync(snapshots);

        Assert.Same(before.Secrets.Single(s => s.Metadata.Name == "unchanged"), after.Secrets.Single(s => s.Metadata.Name == "unchanged"));
        Assert.NotSame(before.Secrets.Single(s => s.Metadata.Name == "rotating"), after.Secrets.Single(s => s.Metadata.Name == "rotating"));
        Assert.Equal("new", Encoding.UTF8.GetString(after.Secrets.Single(s => s.Metadata.Name == "rotating").Data["value"]));
    }

    [Fact]
    public async Task AnEditedFileIsPublishedAsANewSnapshot()
    {
        File.WriteAllText(_folder.File("secrets.yaml"), Secret("rotating", "old"));
        await using var snapshots = Watch();
        Assert.Equal("old", Value(await NextAsync(snapshots)));

        File.WriteAllText(_folder.File("secrets.yaml"), Secret("rotating", "new"));

        Assert.Equal("new", Value(await NextAsync(snapshots)));
    }

    [Fact]
    public async Task AFileReplacedByRenameIsPublishedAsANewSnapshot()
    {
        File.WriteAllText(_folder.File("secrets.yaml"), Secret("rotating", "old"));
        await using var snapshots = Watch();
        Assert.Equal("old", Value(await NextAsync(snapshots)));

        _folder.Replace("secrets.yaml", Secret("rotating", "new"));

        Assert.Equal("new", Value(await NextAsync(snapshots)));
    }

    [Fact]
    public async Task AnAddedFileIsPublishedAsANewSnapshot()
    {
        File.WriteAllText(_folder.File("a.yaml"), Namespace);
        await using var snapshots = Watch();
        Assert.Empty((await NextAsync(snapshots)).Secrets);

        File.WriteAllText(_folder.File("b.yaml"), Secret("added", "1"));

        Assert.Equal(["added"], (await NextAsync(snapshots)).Secrets.Select(s => s.Metadata.Name));
    }

    [Fact]
    public void DefaultsServeAnEditWithinTwoSecondsEvenWhenTheWatcherLosesIt()
    {
        var options = new FolderSourceOptions { Directory = _folder.Path };

        // A lost event is seen at the next poll, then published after the debounce.
        Assert.True(options.PollInterval + options.Debounce < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task AFileThatDoesNotParseRepublishesTheLastGoodSnapshotWithTheFailureAndItsLine()
    {
        File.WriteAllText(_folder.File("secrets.yaml"), Secret("rotating", "good"));
        await using var snapshots = Watch();
        Assert.Null((await NextAsync(snapshots)).ReadFailure);

        File.WriteAllText(_folder.File("secrets.yaml"), Secret("rotating", "half-edited") + "\n  broken: key: value\n");
        var rejected = await NextAsync(snapshots);
        var error = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Error).Message;

        Assert.Equal("good", Value(rejected));
        Assert.StartsWith($"{_folder.File("secrets.yaml")}:9:", rejected.ReadFailure, StringComparison.Ordinal);
        Assert.Contains($"{_folder.File("secrets.yaml")}:9:", error, StringComparison.Ordinal);
        Assert.Contains("last good configuration keeps serving", error, StringComparison.Ordinal);

        File.WriteAllText(_folder.File("secrets.yaml"), Secret("rotating", "fixed"));
        var fixedSnapshot = await NextAsync(snapshots);
        Assert.Equal("fixed", Value(fixedSnapshot));
        Assert.Null(fixedSnapshot.ReadFailure);
    }

    [Fact]
    public async Task AFolderThatDoesNotParseAtStartPublishesAnEmptySnapshotWithTheFailureUntilFixed()
    {
        File.WriteAllText(_folder.File("a.yaml"), "kind: [");
        await using var snapshots = Watch();
        var rejected = await NextAsync(snapshots);
        Assert.Equal(ResourceSnapshot.Empty with { ReadFailure = rejected.ReadFailure }, rejected);
        Assert.StartsWith($"{_folder.File("a.yaml")}:", rejected.ReadFailure, StringComparison.Ordinal);

        File.WriteAllText(_folder.File("a.yaml"), Secret("fixed", "1"));

        var fixedSnapshot = await NextAsync(snapshots);
        Assert.Equal(["fixed"], fixedSnapshot.Secrets.Select(s => s.Metadata.Name));
        Assert.Null(fixedSnapshot.ReadFailure);
    }

    [Fact]
    public async Task AFolderThatDisappearsRepublishesTheLastGoodSnapshotWithTheFailureOnce()
    {
        var directory = Directory.CreateDirectory(_folder.File("config")).FullName;
        File.WriteAllText(Path.Combine(directory, "secrets.yaml"), Secret("kept", "good"));
        await using var snapshots = new SnapshotWatch(new FolderSource(new FolderSourceOptions { Directory = directory }, _logger));
        Assert.Null((await NextAsync(snapshots)).ReadFailure);

        Directory.Delete(directory, recursive: true);
        var rejected = await NextAsync(snapshots);

        Assert.Equal("good", Value(rejected));
        Assert.Equal($"{directory}: directory does not exist", rejected.ReadFailure);
        var next = snapshots.MoveNextAsync();
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.False(next.IsCompleted, "a lasting problem is published once");
    }

    [Fact]
    public async Task ADocumentRefusedAloneIsNamedInTheSnapshotAndTheRestLoads()
    {
        File.WriteAllText(_folder.File("mixed.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: &n a\n  labels:\n    x: *n\n---\n" + Secret("kept", "1"));

        await using var snapshots = Watch();
        var snapshot = await NextAsync(snapshots);

        Assert.Equal(["kept"], snapshot.Secrets.Select(s => s.Metadata.Name));
        Assert.StartsWith($"{_folder.File("mixed.yaml")}:", Assert.Single(snapshot.Refused), StringComparison.Ordinal);
        Assert.Null(snapshot.ReadFailure);
    }

    [Fact]
    public async Task AnUnknownKindIsAWarningAndTheRestOfTheFileLoads()
    {
        File.WriteAllText(_folder.File("mixed.yaml"), """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app
            ---
            """ + "\n" + Secret("kept", "1"));

        await using var snapshots = Watch();
        var snapshot = await NextAsync(snapshots);

        Assert.Equal(["kept"], snapshot.Secrets.Select(s => s.Metadata.Name));
        var warning = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Warning).Message;
        Assert.Contains($"{_folder.File("mixed.yaml")}:1:", warning, StringComparison.Ordinal);
        Assert.Contains("apps/v1 Deployment", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretStringDataIsMergedIntoData()
    {
        File.WriteAllText(_folder.File("secret.yaml"), """
            apiVersion: v1
            kind: Secret
            metadata:
              name: mixed
              namespace: test-infra
            type: Opaque
            data:
              from-data: ZGF0YQ==
            stringData:
              from-string-data: plain text
            """);

        await using var snapshots = Watch();
        var secret = Assert.Single((await NextAsync(snapshots)).Secrets);

        Assert.Equal("data", Encoding.UTF8.GetString(secret.Data["from-data"]));
        Assert.Equal("plain text", Encoding.UTF8.GetString(secret.Data["from-string-data"]));
        Assert.Null(secret.StringData);
    }

    [Fact]
    public async Task CancellingEndsTheSequence()
    {
        File.WriteAllText(_folder.File("a.yaml"), Namespace);
        await using var snapshots = Watch();
        await NextAsync(snapshots);

        var next = snapshots.MoveNextAsync();
        await snapshots.StopAsync();

        Assert.False(await next.WaitAsync(Patience));
    }

    public void Dispose() => _folder.Dispose();

    private SnapshotWatch Watch() => new(new FolderSource(new FolderSourceOptions { Directory = _folder.Path }, _logger));

    private static async Task<ResourceSnapshot> NextAsync(SnapshotWatch snapshots)
    {
        Assert.True(await snapshots.MoveNextAsync().WaitAsync(Patience));
        return snapshots.Current;
    }

    private static string Value(ResourceSnapshot snapshot) =>
        Encoding.UTF8.GetString(Assert.Single(snapshot.Secrets).Data["value"]);

    private static async Task<string> EventuallyAsync(Func<string?> probe)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } value)
            {
                return value;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("the expected log line never came");
    }
}
