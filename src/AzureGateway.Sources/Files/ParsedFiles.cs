namespace AzureGateway.Sources.Files;

/// <summary>
/// The files of one read of a folder, parsed, by path and text. The next read parses only the files whose text
/// changed: rotating one Secret in a large folder then costs one file's parse, not the folder's (parsing is
/// most of the time it takes to pick up an edit). Only the files of the latest read are kept.
/// </summary>
public sealed class ParsedFiles
{
    private readonly Dictionary<string, (string Text, FileLoadResult Result)> _files = new(StringComparer.Ordinal);

    public static ParsedFiles None { get; } = new();

    /// <summary>The file parsed, reused from <paramref name="previous"/> when its text is the same.</summary>
    internal FileLoadResult Load(string path, string text, ParsedFiles previous)
    {
        var result = previous._files.TryGetValue(path, out var earlier) && string.Equals(earlier.Text, text, StringComparison.Ordinal)
            ? earlier.Result
            : YamlDocumentLoader.Load(path, text);
        _files[path] = (text, result);
        return result;
    }
}
