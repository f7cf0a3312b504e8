using System.Text;
using AzureGateway.Sources.Files;

namespace AzureGateway.Cli.Tests;

/// <summary>
/// The folder is read every second; a file whose length and settled last write time did not change is taken from
/// the previous read, unread. These tests change a file's content behind its length and time to see which read it.
/// </summary>
public sealed class ManifestFolderRereadTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static string Secret(string value) => $"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: rotating
          namespace: default
        data:
          value: {Convert.ToBase64String(Encoding.UTF8.GetBytes(value))}
        """;

    [Fact]
    public void AFileWithTheSameLengthAndASettledWriteTimeIsNotReadAgain()
    {
        var settled = DateTime.UtcNow.AddHours(-1);
        var first = Write("aaaa", settled);

        var second = Write("bbbb", settled, first);

        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal("aaaa", Value(second));
    }

    [Fact]
    public void AFileRewrittenWithinTheTimestampGranularityIsReadAgainDespiteTheSameLengthAndTime()
    {
        var recent = DateTime.UtcNow;
        var first = Write("aaaa", recent);

        var second = Write("bbbb", recent, first);

        Assert.NotEqual(first.Fingerprint, second.Fingerprint);
        Assert.Equal("bbbb", Value(second));
    }

    [Fact]
    public void AFileWhoseLengthChangedIsReadAgainDespiteTheSameSettledTime()
    {
        var settled = DateTime.UtcNow.AddHours(-1);
        var first = Write("aaaa", settled);

        var second = Write("bbbbbbbb", settled, first);

        Assert.Equal("bbbbbbbb", Value(second));
    }

    [Fact]
    public void AFileWhoseWriteTimeChangedIsReadAgainDespiteTheSameLength()
    {
        var first = Write("aaaa", DateTime.UtcNow.AddHours(-2));

        var second = Write("bbbb", DateTime.UtcNow.AddHours(-1), first);

        Assert.Equal("bbbb", Value(second));
    }

    /// <summary>Writes the secret file with that last write time, then reads the folder after <paramref name="previous"/>.</summary>
    private ManifestFolder Write(string value, DateTime lastWriteUtc, ManifestFolder? previous = null)
    {
        var path = _folder.File("secret.yaml");
        File.WriteAllText(path, Secret(value));
        File.SetLastWriteTimeUtc(path, lastWriteUtc);
        var (folder, problem) = ManifestFolder.Read(_folder.Path, previous);
        Assert.True(folder is not null, problem);
        return folder;
    }

    private static string Value(ManifestFolder folder) =>
        Encoding.UTF8.GetString(folder.Load().Snapshot!.Secrets.Single().Data["value"]);

    public void Dispose() => _folder.Dispose();
}
