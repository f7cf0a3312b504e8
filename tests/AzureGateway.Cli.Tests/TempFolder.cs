namespace AzureGateway.Cli.Tests;

/// <summary>A private temporary folder, deleted with everything in it when the test ends.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("azgw-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a file the way editors save: a hidden temporary file renamed over the old one.</summary>
    public void Replace(string name, string text)
    {
        var temporary = File("." + name + ".tmp");
        System.IO.File.WriteAllText(temporary, text);
        System.IO.File.Move(temporary, File(name), overwrite: true);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
