using System.Diagnostics;
using System.Text.RegularExpressions;
using AzureGateway.Certificates;
using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// One HTTPRoute match to its IR: path (PathPrefix "/" when absent), headers, query parameters and method.
/// A regular expression the data plane could not compile comes back as a sentence, and the rule holding it is not
/// served; types, methods and the shape of a path were checked with the CRD's rules when the route was read.
/// </summary>
public static class RouteMatchTranslator
{
    public static Result<RouteMatchIr> Translate(HttpRouteMatch match)
    {
        var path = Path(match.Path);
        if (path.Error is not null)
        {
            return Result<RouteMatchIr>.Fail(path.Error);
        }

        var headers = Headers(match.Headers);
        if (headers.Error is not null)
        {
            return Result<RouteMatchIr>.Fail(headers.Error);
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

        return Result<RouteMatchIr>.Ok(new RouteMatchIr
        {
            Path = path.Value!,
            Headers = headers.Value!,
            QueryParams = queryParams,
            Method = string.IsNullOrEmpty(match.Method) ? null : match.Method,
        });
    }

    /// <summary>Header matches, of an HTTPRoute or a GRPCRoute alike.</summary>
    public static Result<List<HeaderMatchIr>> Headers(List<HttpHeaderMatch>? matches)
    {
        var headers = new List<HeaderMatchIr>();
        // The spec considers only the first of several entries for the same header (names are case-insensitive).
        foreach (var header in (matches ?? []).DistinctBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
        {
            var type = StringMatch(header.Type, header.Value, $"header {header.Name}");
            if (type.Error is not null)
            {
                return Result<List<HeaderMatchIr>>.Fail(type.Error);
            }
            headers.Add(new HeaderMatchIr { Type = type.Value, Name = header.Name, Value = header.Value });
        }
        return Result<List<HeaderMatchIr>>.Ok(headers);
    }

    private static Result<PathMatchIr> Path(HttpPathMatch? path)
    {
        var value = path?.Value ?? "/";
        switch (path?.Type ?? "PathPrefix")
        {
            case "PathPrefix":
                return Result<PathMatchIr>.Ok(new PathMatchIr { Type = PathMatchType.PathPrefix, Value = value });
            case "Exact":
                return Result<PathMatchIr>.Ok(new PathMatchIr { Type = PathMatchType.Exact, Value = value });
            case "RegularExpression":
                return RegexProblem(value) is { } problem
                    ? Result<PathMatchIr>.Fail($"path regular expression \"{value}\" does not compile: {problem}")
                    : Result<PathMatchIr>.Ok(new PathMatchIr { Type = PathMatchType.RegularExpression, Value = value });
            case var other:
                throw new UnreachableException($"path match type \"{other}\" passed the CRD's enum check");
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
                throw new UnreachableException($"{what} match type \"{other}\" passed the CRD's enum check");
        }
    }

    /// <summary>
    /// Compiles the pattern as the data plane will (.NET syntax) to find mistakes now rather than on a request.
    /// </summary>
    internal static string? RegexProblem(string pattern)
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
