using AzureGateway.Certificates;
using AzureGateway.IR;
using Microsoft.AspNetCore.Http;

namespace AzureGateway.DataPlane.Routing;

/// <summary>A compiled <see cref="RouteMatchIr"/>: every condition in it must hold.</summary>
internal sealed class RouteMatcher
{
    private readonly PathMatcher _path;
    private readonly (string Name, StringMatcher Value)[] _headers;
    private readonly (string Name, StringMatcher Value)[] _queryParams;
    private readonly string? _method;

    private RouteMatcher(PathMatcher path, (string, StringMatcher)[] headers, (string, StringMatcher)[] queryParams, string? method)
    {
        _path = path;
        _headers = headers;
        _queryParams = queryParams;
        _method = method;
    }

    public static Result<RouteMatcher> Compile(RouteMatchIr match)
    {
        var path = PathMatcher.Compile(match.Path);
        if (path.Error is not null)
        {
            return Result<RouteMatcher>.Fail(path.Error);
        }
        var headers = new List<(string, StringMatcher)>();
        foreach (var header in match.Headers)
        {
            var value = Compile(header.Type, header.Value);
            if (value.Error is not null)
            {
                return Result<RouteMatcher>.Fail($"header {header.Name}: {value.Error}");
            }
            headers.Add((header.Name, value.Value!));
        }
        var queryParams = new List<(string, StringMatcher)>();
        foreach (var parameter in match.QueryParams)
        {
            var value = Compile(parameter.Type, parameter.Value);
            if (value.Error is not null)
            {
                return Result<RouteMatcher>.Fail($"query parameter {parameter.Name}: {value.Error}");
            }
            queryParams.Add((parameter.Name, value.Value!));
        }
        return Result<RouteMatcher>.Ok(new RouteMatcher(path.Value!, [.. headers], [.. queryParams], match.Method));
    }

    /// <summary>The conditions as compiled, all of which must hold, for the compiled-configuration rendering.</summary>
    public override string ToString() => string.Join(", ",
        new[] { _method is null ? null : $"method {_method}", _path.ToString() }.OfType<string>()
            .Concat(_headers.Select(h => $"header {h.Name} {h.Value}"))
            .Concat(_queryParams.Select(q => $"query {q.Name} {q.Value}")));

    public bool IsMatch(HttpRequest request)
    {
        if (_method is not null && !string.Equals(request.Method, _method, StringComparison.Ordinal))
        {
            return false;
        }
        if (!_path.IsMatch(request.Path.Value ?? "/"))
        {
            return false;
        }
        foreach (var (name, value) in _headers)
        {
            // Header names are case-insensitive in ASP.NET Core's collection; repeated headers are
            // compared as the comma-joined list, as a proxy would forward them.
            if (!request.Headers.TryGetValue(name, out var values) || !value.IsMatch(values.ToString()))
            {
                return false;
            }
        }
        foreach (var (name, value) in _queryParams)
        {
            var actual = QueryParameters.FirstValue(request.QueryString.Value, name);
            if (actual is null || !value.IsMatch(actual))
            {
                return false;
            }
        }
        return true;
    }

    private static Result<StringMatcher> Compile(StringMatchType type, string value) =>
        type == StringMatchType.RegularExpression
            ? StringMatcher.FullRegex(value)
            : Result<StringMatcher>.Ok(StringMatcher.Exact(value));
}
