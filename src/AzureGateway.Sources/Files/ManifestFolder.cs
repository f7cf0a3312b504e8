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
    /// <summary>
    /// How recent a file's last write time must be for the file to be read again even when its length and time did
    /// not change: a second write within the file system's timestamp granularity (up to 2 s on FAT, one kernel clock
    /// tick elsewhere) leaves both as they were, so only a file whose time has settled can be trusted unchanged.
    /// </summary>
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(2);

    private readonly IReadOnlyList<ManifestFile> _files;

    private ManifestFolder(string directory, IReadOnlyList<ManifestFile> files, string fingerprint)
    {
        Directory = directory;
        _files = files;
        Fingerprint = fingerprint;
    }

    public string Directory { get; }

    /// <summary>Changes whenever a file is added, removed, renamed or edited.</summary>
    public string Fingerprint { get; }

    /// <summary>
    /// Reads every manifest file's text, except that a file whose length and settled last write time are what
    /// <paramref name="previous"/> read is taken from it unread: a watcher reads the folder every second, and reading
    /// and hashing every file each time cost a core on a large folder. A file over <see cref="InputLimits.MaxFileBytes"/>
    /// is refused unread. Hidden files are skipped: editors keep their swap and lock files there (an Emacs lock
    /// <c>.#gateway.yaml</c> is a dangling link). An I/O failure is a message, not an exception.
    /// </summary>
    public static Result<ManifestFolder> Read(string directory, ManifestFolder? previous = null, TimeProvider? time = null)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return Result<ManifestFolder>.Fail(new SourceMessage(directory, 0, "directory does not exist").ToString());
        }
        var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var earlier = previous?._files.ToDictionary(f => f.Path, StringComparer.Ordinal) ?? [];
        var files = new List<ManifestFile>();
        var current = directory;
        try
        {
            var paths = System.IO.Directory.EnumerateFiles(directory)
                .Where(IsManifest)
                .Order(StringComparer.Ordinal);
            foreach (var path in paths)
            {
                current = path;
                var info = new FileInfo(path);
                var unchanged = earlier.TryGetValue(path, out var seen)
                    && seen.Length == info.Length
                    && seen.LastWriteUtc == info.LastWriteTimeUtc
                    && now - info.LastWriteTimeUtc >= Settled;
                files.Add(unchanged ? seen! : ManifestFile.Read(path, info));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result<ManifestFolder>.Fail(new SourceMessage(current, 0, $"cannot be read: {e.Message}").ToString());
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(System.IO.Path.GetFileName(file.Path)));
            hash.AppendData(BitConverter.GetBytes(file.Length));
            hash.AppendData(file.Hash);
        }
        return Result<ManifestFolder>.Ok(new ManifestFolder(directory, files, Convert.ToHexString(hash.GetHashAndReset())));
    }

    /// <summary>
    /// Parses every file with <see cref="YamlDocumentLoader"/>, reusing what <paramref name="previous"/> parsed of
    /// files whose text did not change. The folder yields a snapshot only when every file parses: a half-edited
    /// folder must not replace a working configuration. A file or document refused for its size or limits is a
    /// warning and leaves the rest to serve, as the API server would have refused it alone.
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
        foreach (var file in _files)
        {
            if (file.Refusal is not null)
            {
                warnings.Add(file.Refusal);
                continue;
            }
            var loaded = parsed.Load(file.Path, file.Text, previous);
            warnings.AddRange(loaded.Warnings);
            if (loaded.Error is not null)
            {
                errors.Add(loaded.Error);
                continue;
            }
            objects.AddRange(loaded.Objects);
        }
        var snapshot = errors.Count == 0
            ? ResourceSnapshot.From(objects) with { Refused = [.. warnings.Where(w => w.IsRefusal).Select(w => w.ToString())] }
            : null;
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
