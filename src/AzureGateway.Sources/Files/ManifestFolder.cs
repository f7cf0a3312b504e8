using System.Security.Cryptography;
using System.Text;
using AzureGateway.Certificates;
using AzureGateway.Model;

namespace AzureGateway.Sources.Files;

/// <summary>
/// The manifest files of one folder (<c>*.yaml</c> and <c>*.yml</c>, not recursive, sorted by name) read at one
/// moment. Reading and parsing are separate steps so a watcher can tell from <see cref="Fingerprint"/> whether
/// anything changed before it parses.
/// </summary>
public sealed class ManifestFolder
{
    private readonly IReadOnlyList<(string Path, string Text)> _files;

    private ManifestFolder(string directory, IReadOnlyList<(string Path, string Text)> files, string fingerprint)
    {
        Directory = directory;
        _files = files;
        Fingerprint = fingerprint;
    }

    public string Directory { get; }

    /// <summary>Changes whenever a file is added, removed, renamed or edited.</summary>
    public string Fingerprint { get; }

    /// <summary>
    /// Reads every manifest file's text. Hidden files are skipped: editors keep their swap and lock files there
    /// (an Emacs lock <c>.#gateway.yaml</c> is a dangling link). An I/O failure is a message, not an exception.
    /// </summary>
    public static Result<ManifestFolder> Read(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return Result<ManifestFolder>.Fail(new SourceMessage(directory, 0, "directory does not exist").ToString());
        }
        var files = new List<(string, string)>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var current = directory;
        try
        {
            var paths = System.IO.Directory.EnumerateFiles(directory)
                .Where(IsManifest)
                .Order(StringComparer.Ordinal);
            foreach (var path in paths)
            {
                current = path;
                var bytes = File.ReadAllBytes(path);
                hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(path)));
                hash.AppendData(BitConverter.GetBytes(bytes.LongLength));
                hash.AppendData(bytes);
                files.Add((path, Encoding.UTF8.GetString(bytes)));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result<ManifestFolder>.Fail(new SourceMessage(current, 0, $"cannot be read: {e.Message}").ToString());
        }
        return Result<ManifestFolder>.Ok(new ManifestFolder(directory, files, Convert.ToHexString(hash.GetHashAndReset())));
    }

    /// <summary>
    /// Parses every file with <see cref="YamlDocumentLoader"/>, reusing what <paramref name="previous"/> parsed of
    /// files whose text did not change. The folder yields a snapshot only when every file parses: a half-edited
    /// folder must not replace a working configuration.
    /// </summary>
    public FolderLoadResult Load(ParsedFiles? previous = null)
    {
        previous ??= ParsedFiles.None;
        var parsed = new ParsedFiles();
        var objects = new List<k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>>();
        var warnings = new List<SourceMessage>();
        var errors = new List<SourceMessage>();
        if (_files.Count == 0)
        {
            warnings.Add(new SourceMessage(Directory, 0, "holds no *.yaml or *.yml file"));
        }
        foreach (var (path, text) in _files)
        {
            var loaded = parsed.Load(path, text, previous);
            warnings.AddRange(loaded.Warnings);
            if (loaded.Error is not null)
            {
                errors.Add(loaded.Error);
                continue;
            }
            objects.AddRange(loaded.Objects);
        }
        var snapshot = errors.Count == 0 ? ResourceSnapshot.From(objects) : null;
        return new FolderLoadResult(snapshot, objects.Count, _files.Count, warnings, errors, parsed);
    }

    private static bool IsManifest(string path)
    {
        var name = Path.GetFileName(path);
        return !name.StartsWith('.')
            && (name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>
/// A folder parsed: the snapshot (null when any file failed), how many resources and files it came from, the
/// documents skipped, the errors that kept the folder from loading, and the parsed files for the next load.
/// </summary>
public sealed record FolderLoadResult(
    ResourceSnapshot? Snapshot,
    int ResourceCount,
    int FileCount,
    IReadOnlyList<SourceMessage> Warnings,
    IReadOnlyList<SourceMessage> Errors,
    ParsedFiles Parsed);
