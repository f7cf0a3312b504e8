using System.Text.RegularExpressions;
using AzureGateway.Certificates;
using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// One HTTPRoute match to its IR: path (PathPrefix "/" when absent), headers, query parameters and method.
/// Values the data plane could not honour (a path not starting with "/", a regular expression that does not
/// compile, an unknown type or method) come back as a sentence, and the rule holding them is not served.
/// </summary>
public static class RouteMatchTranslator
{
    private static readonly HashSet<string> Methods =
        new(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"], StringComparer.Ordinal);

    public static Result<RouteMatchIr> Translate(HttpRouteMatch match)
    {
        var path = Path(match.Path);
        if (path.Error is not null)
        {
            return Result<RouteMatchIr>.Fail(path.Error);
        }

        var headers = new List<HeaderMatchIr>();
        // The spec considers only the first of several entries for the same header (names are case-insensitive).
        foreach (var header in (match.Headers ?? []).DistinctBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
        {
            var type = StringMatch(header.Type, header.Value, $"header {header.Name}");
            if (type.Error is not null)
            {
                return Result<RouteMatchIr>.Fail(type.Error);
            }
            headers.Add(new HeaderMatchIr { Type = type.Value, Name = header.Name, Value = header.Value });
        }

        var queryParams = new List<QueryParamMatchIr>();
        // Query parameter names are case-sensitive; again only the first entry for a name counts.
        foreach (var query in (match.QueryParams ?? []).DistinctBy(q => q.Name, StringComparer.Ordinal))
        {
            var type = StringMatch(query.Type, query.Value, $"query parameter {query.Name}");
            if (type.Error is not null)
            {
                return Result<RouteMatchIr>.Fail(type.Error);
            }
            queryParams.Add(new QueryParamMatchIr { Type = type.Value, Name = query.Name, Value = query.Value });
        }

        string? method = null;
        if (!string.IsNullOrEmpty(match.Method))
        {
            method = match.Method.ToUpperInvariant();
            if (!Methods.Contains(method))
            {
                return Result<RouteMatchIr>.Fail($"method \"{match.Method}\" is not an HTTP method the Gateway API allows");
            }
        }

        return Result<RouteMatchIr>.Ok(new RouteMatchIr
        {
            Path = path.Value!,
            Headers = headers,
            QueryParams = queryParams,
            Method = method,
        });
    }

    private static Result<PathMatchIr> Path(HttpPathMatch? path)
    {
        var value = path?.Value ?? "/";
        switch (path?.Type ?? "PathPrefix")
        {
            case "PathPrefix" or "Exact" when !value.StartsWith('/'):
                return Result<PathMatchIr>.Fail($"path \"{value}\" must start with \"/\"");
            case "PathPrefix":
                return Result<PathMatchIr>.Ok(new PathMatchIr { Type = PathMatchType.PathPrefix, Value = value });
            case "Exact":
                return Result<PathMatchIr>.Ok(new PathMatchIr { Type = PathMatchType.Exact, Value = value });
            case "RegularExpression":
                return RegexProblem(value) is { } problem
                    ? Result<PathMatchIr>.Fail($"path regular expression \"{value}\" does not compile: {problem}")
                    : Result<PathMatchIr>.Ok(new PathMatchIr { Type = PathMatchType.RegularExpression, Value = value });
            case var other:
                return Result<PathMatchIr>.Fail($"path match type \"{other}\" is not one of Exact, PathPrefix, RegularExpression");
        }
    }

    private static Result<StringMatchType> StringMatch(string? type, string value, string what)
    {
        switch (type ?? "Exact")
        {
            case "Exact":
                return Result<StringMatchType>.Ok(StringMatchType.Exact);
            case "RegularExpression":
                return RegexProblem(value) is { } problem
                    ? Result<StringMatchType>.Fail($"{what} regular expression \"{value}\" does not compile: {problem}")
                    : Result<StringMatchType>.Ok(StringMatchType.RegularExpression);
            case var other:
                return Result<StringMatchType>.Fail($"{what} match type \"{other}\" is not one of Exact, RegularExpression");
        }
    }

    /// <summary>
    /// Compiles the pattern as the data plane will (.NET syntax) to find mistakes now rather than on a request.
    /// </summary>
    private static string? RegexProblem(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
