using System.Security.Cryptography;
using System.Text;

namespace AzureGateway.Sources.Files;

/// <summary>
/// One manifest file as read: its length and last write time when read (how the next read tells it unchanged), a hash
/// of its content for the folder's fingerprint, and its text, or the refusal of a file too large to read.
/// </summary>
internal sealed record ManifestFile(string Path, long Length, DateTime LastWriteUtc, byte[] Hash, string Text, SourceMessage? Refusal)
{
    /// <summary>Reads the file, or refuses it unread when it is over <see cref="InputLimits.MaxFileBytes"/>.</summary>
    public static ManifestFile Read(string path, FileInfo info)
    {
        var lastWrite = info.LastWriteTimeUtc;
        using var stream = info.OpenRead();
        var length = stream.Length;
        if (length > InputLimits.MaxFileBytes)
        {
            // Length and time stand for the content, so a rewrite of the large file is still a change.
            var refusal = new SourceMessage(path, 0,
                $"file refused: {length} bytes, more than the {InputLimits.MaxFileBytes} bytes the Kubernetes API server accepts in one request")
            {
                IsRefusal = true,
            };
            return new ManifestFile(path, length, lastWrite, BitConverter.GetBytes(lastWrite.Ticks), "", refusal);
        }
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return new ManifestFile(path, length, lastWrite, SHA256.HashData(bytes), Encoding.UTF8.GetString(bytes), null);
    }
}
