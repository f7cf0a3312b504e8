using AzureGateway.IR;

namespace AzureGateway.DataPlane.Filters;

/// <summary>A compiled <see cref="PathModifierIr"/>: the path a redirect or a rewrite puts in place of the request's.</summary>
internal sealed class PathRewrite
{
    private readonly PathModifierType _type;
    private readonly string _value;

    /// <summary>The matched prefix without its trailing slashes ("/" becomes ""), so the rest of the path starts with "/".</summary>
    private readonly string _prefix;

    private PathRewrite(PathModifierType type, string value, string prefix)
    {
        _type = type;
        _value = value;
        _prefix = prefix;
    }

    public static PathRewrite? Of(PathModifierIr? path) => path is null
        ? null
        : path.Type == PathModifierType.ReplaceFullPath
            ? new PathRewrite(path.Type, path.Value, "")
            // The replacement's trailing slashes are dropped like the prefix's: "/xyz/" in place of "/foo" turns
            // "/foo/bar" into "/xyz/bar", not "/xyz//bar".
            : new PathRewrite(path.Type, path.Value.TrimEnd('/'), (path.MatchedPrefix ?? "/").TrimEnd('/'));

    /// <summary>
    /// The new path for <paramref name="path"/>. A prefix replacement keeps what followed the matched prefix, which
    /// ends on a path-element boundary (the route matched it element-wise); an empty result is "/".
    /// </summary>
    public string Apply(string path)
    {
        if (_type == PathModifierType.ReplaceFullPath)
        {
            return _value;
        }
        var rest = path.StartsWith(_prefix, StringComparison.Ordinal) ? path[_prefix.Length..] : path;
        var rewritten = _value + rest;
        return rewritten.Length == 0 ? "/" : rewritten;
    }

    public override string ToString() => _type == PathModifierType.ReplaceFullPath
        ? $"replace full path with {_value}"
        : $"replace prefix {(_prefix.Length == 0 ? "/" : _prefix)} with {(_value.Length == 0 ? "/" : _value)}";
}
