using AzureGateway.Certificates;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Routing;

/// <summary>Gateway API path matching: exact, element-wise prefix, or full regular expression.</summary>
internal sealed class PathMatcher
{
    private readonly PathMatchType _type;
    private readonly string _value;
    private readonly StringMatcher? _regex;

    private PathMatcher(PathMatchType type, string value, StringMatcher? regex)
    {
        _type = type;
        _value = value;
        _regex = regex;
    }

    public static Result<PathMatcher> Compile(PathMatchIr path)
    {
        switch (path.Type)
        {
            case PathMatchType.RegularExpression:
                var regex = StringMatcher.FullRegex(path.Value);
                return regex.Error is null
                    ? Result<PathMatcher>.Ok(new PathMatcher(path.Type, path.Value, regex.Value))
                    : Result<PathMatcher>.Fail(regex.Error);
            case PathMatchType.PathPrefix:
                // "/foo/" and "/foo" are the same prefix; "/" (trimmed to "") matches every path.
                return Result<PathMatcher>.Ok(new PathMatcher(path.Type, path.Value.TrimEnd('/'), null));
            default:
                return Result<PathMatcher>.Ok(new PathMatcher(path.Type, path.Value, null));
        }
    }

    /// <summary>The match as compiled, for the compiled-configuration rendering.</summary>
    public override string ToString() => _type switch
    {
        PathMatchType.Exact => $"path = {_value}",
        PathMatchType.PathPrefix => $"path under {(_value.Length == 0 ? "/" : _value)} (whole elements)",
        _ => $"path {_regex}",
    };

    public bool IsMatch(string path) => _type switch
    {
        PathMatchType.Exact => string.Equals(path, _value, StringComparison.Ordinal),
        // Element-wise: "/foo" matches "/foo", "/foo/" and "/foo/bar", never "/foobar".
        PathMatchType.PathPrefix => path.StartsWith(_value, StringComparison.Ordinal)
            && (path.Length == _value.Length || path[_value.Length] == '/'),
        _ => _regex!.IsMatch(path),
    };
}
