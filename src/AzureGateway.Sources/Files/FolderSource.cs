using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AzureGateway.Model;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Sources.Files;

public sealed record FolderSourceOptions
{
    public required string Directory { get; init; }

    /// <summary>How long to let a burst of file events settle before reading: an editor's save is several events.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How often the folder's content is compared with what was last read, whatever the watcher reported: editors
    /// that replace files and full watcher buffers lose events, and this bounds how late an edit can be seen.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// The file source: a folder of Kubernetes YAML, watched. Publishes a snapshot when the folder first reads
/// completely and after every change. A folder with a file that does not parse, or that cannot be read, publishes the last good snapshot
/// again (an empty one before the first) with <see cref="ResourceSnapshot.ReadFailure"/> saying why, so the last good
/// configuration keeps serving and the failure is counted; the error is logged with its file and line. Documents
/// refused alone leave the rest to serve and are named in <see cref="ResourceSnapshot.Refused"/>.
/// </summary>
public sealed partial class FolderSource(FolderSourceOptions options, ILogger<FolderSource> logger, TimeProvider? time = null)
    : ISnapshotSource
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async IAsyncEnumerable<ResourceSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One pending signal is enough: whatever happened, the next read sees all of it.
        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
        using var watcher = Watch(() => changes.Writer.TryWrite(true));
        using var poll = _time.CreateTimer(_ => changes.Writer.TryWrite(true), null, options.PollInterval, options.PollInterval);

        string? lastSeen = null;
        ManifestFolder? read = null;
        var parsed = ParsedFiles.None;
        var lastGood = ResourceSnapshot.Empty;
        while (true)
        {
            var (snapshot, seen) = ReadIfChanged(lastSeen, ref read, ref parsed, lastGood);
            lastSeen = seen;
            if (snapshot is not null)
            {
                lastGood = snapshot.ReadFailure is null ? snapshot : lastGood;
                yield return snapshot;
            }
            if (!await WaitForChangeAsync(changes.Reader, cancellationToken))
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Reads the folder and, when its content differs from <paramref name="lastSeen"/>, parses it. Returns the new
    /// snapshot (null when nothing changed; <paramref name="lastGood"/> with the <see cref="ResourceSnapshot.ReadFailure"/>
    /// when a file does not parse or the folder newly cannot be read) and what was seen this time. Files unchanged
    /// since <paramref name="read"/> are not read again, and files whose text is what <paramref name="parsed"/> holds
    /// are not parsed again; both are replaced by this read's.
    /// </summary>
    private (ResourceSnapshot? Snapshot, string Seen) ReadIfChanged(
        string? lastSeen, ref ManifestFolder? read, ref ParsedFiles parsed, ResourceSnapshot lastGood)
    {
        var (folder, error) = ManifestFolder.Read(options.Directory, read, _time);
        if (folder is null)
        {
            // Remembering the message keeps a lasting problem (a deleted folder) to one log line and one failure.
            var seen = "unreadable: " + error;
            if (seen == lastSeen)
            {
                return (null, seen);
            }
            Log.Rejected(logger, error!);
            return (lastGood with { ReadFailure = error }, seen);
        }
        read = folder;
        if (folder.Fingerprint == lastSeen)
        {
            return (null, lastSeen);
        }
        var loaded = folder.Load(parsed);
        parsed = loaded.Parsed;
        foreach (var warning in loaded.Warnings)
        {
            Log.Skipped(logger, warning.ToString());
        }
        foreach (var problem in loaded.Errors)
        {
            Log.Rejected(logger, problem.ToString());
        }
        if (loaded.Snapshot is null)
        {
            return (lastGood with { ReadFailure = string.Join("; ", loaded.Errors) }, folder.Fingerprint);
        }
        Log.Loaded(logger, loaded.ResourceCount, loaded.FileCount, options.Directory);
        return (loaded.Snapshot, folder.Fingerprint);
    }

    /// <summary>Waits for a change signal, then lets the burst settle. False when cancelled.</summary>
    private async Task<bool> WaitForChangeAsync(ChannelReader<bool> changes, CancellationToken cancellationToken)
    {
        try
        {
            await changes.ReadAsync(cancellationToken);
            await Task.Delay(options.Debounce, _time, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        while (changes.TryRead(out _))
        {
        }
        return true;
    }

    private FileSystemWatcher? Watch(Action signal)
    {
        if (!Directory.Exists(options.Directory))
        {
            return null; // the poll notices when it appears, and the first read already said it is missing
        }
        var watcher = new FileSystemWatcher(options.Directory)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Changed += (_, _) => signal();
        watcher.Created += (_, _) => signal();
        watcher.Deleted += (_, _) => signal();
        watcher.Renamed += (_, _) => signal();
        watcher.Error += (_, e) =>
        {
            Log.WatcherFailed(logger, options.Directory, e.GetException().Message);
            signal();
        };
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Read {ResourceCount} resources from {FileCount} files in {Directory}")]
        public static partial void Loaded(ILogger logger, int resourceCount, int fileCount, string directory);

        [LoggerMessage(Level = LogLevel.Error, Message = "{Problem} (nothing changed: the last good configuration keeps serving)")]
        public static partial void Rejected(ILogger logger, string problem);

        [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
        public static partial void Skipped(ILogger logger, string warning);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Watching {Directory} lost events ({Reason}); the periodic check still sees every change")]
        public static partial void WatcherFailed(ILogger logger, string directory, string reason);
    }
}
