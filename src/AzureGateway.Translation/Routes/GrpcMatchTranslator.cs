using System.Diagnostics;
using System.Text.RegularExpressions;
using AzureGateway.Certificates;
using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// The gRPC precedence of one match: how many characters of service and of method it names (0 for any). The spec
/// ranks GRPCRoute rules by these, after the hostname and before the number of header matches.
/// </summary>
public sealed record GrpcMatchRank(int Service, int Method);

/// <summary>
/// One GRPCRoute match to its IR. A gRPC call is a POST to <c>/&lt;service&gt;/&lt;method&gt;</c>, so a method match
/// is a path match: an Exact service and method is the Exact path <c>/service/method</c>; a service alone, the path
/// prefix <c>/service/</c>; a method alone, a regular expression for any service. RegularExpression matches become
/// one path regular expression whose service and method parts are the patterns written (.NET syntax, as every
/// regular expression of the gateway), each matched whole. No method match matches every call. Header matches are
/// an HTTPRoute's. A pattern that does not compile comes back as a sentence and the rule is not served.
/// </summary>
public static class GrpcMatchTranslator
{
    /// <summary>Any one path element: a service or a method left out of a match.</summary>
    private const string AnyElement = "[^/]+";

    public static Result<(RouteMatchIr Match, GrpcMatchRank Rank)> Translate(GrpcRouteMatch match)
    {
        var path = Path(match.Method);
        if (path.Error is not null)
        {
            return Result<(RouteMatchIr, GrpcMatchRank)>.Fail(path.Error);
        }
        var headers = RouteMatchTranslator.Headers(match.Headers);
        if (headers.Error is not null)
        {
            return Result<(RouteMatchIr, GrpcMatchRank)>.Fail(headers.Error);
        }
        var rank = new GrpcMatchRank(match.Method?.Service?.Length ?? 0, match.Method?.Method?.Length ?? 0);
        return Result<(RouteMatchIr, GrpcMatchRank)>.Ok((new RouteMatchIr { Path = path.Value!, Headers = headers.Value! }, rank));
    }

    private static Result<PathMatchIr> Path(GrpcMethodMatch? method)
    {
        var (service, name) = (Empty(method?.Service), Empty(method?.Method));
        switch (method?.Type ?? "Exact")
        {
            case "Exact":
                return Result<PathMatchIr>.Ok((service, name) switch
                {
                    ({ } s, { } m) => new PathMatchIr { Type = PathMatchType.Exact, Value = $"/{s}/{m}" },
                    ({ } s, null) => new PathMatchIr { Type = PathMatchType.PathPrefix, Value = $"/{s}/" },
                    (null, { } m) => new PathMatchIr { Type = PathMatchType.RegularExpression, Value = $"/{AnyElement}/{Regex.Escape(m)}" },
                    _ => new PathMatchIr { Type = PathMatchType.PathPrefix, Value = "/" },
                });
            case "RegularExpression":
                foreach (var (field, pattern) in new[] { ("service", service), ("method", name) })
                {
                    if (pattern is not null && RouteMatchTranslator.RegexProblem(pattern) is { } problem)
                    {
                        return Result<PathMatchIr>.Fail($"method.{field} regular expression \"{pattern}\" does not compile: {problem}");
                    }
                }
                return Result<PathMatchIr>.Ok(service is null && name is null
                    ? new PathMatchIr { Type = PathMatchType.PathPrefix, Value = "/" }
                    : new PathMatchIr
                    {
                        Type = PathMatchType.RegularExpression,
                        Value = $"/{Group(service)}/{Group(name)}",
                    });
            case var other:
                throw new UnreachableException($"method match type \"{other}\" passed the CRD's enum check");
        }
    }

    /// <summary>A pattern kept whole (its alternations stay inside its element), or any element when absent.</summary>
    private static string Group(string? pattern) => pattern is null ? AnyElement : $"(?:{pattern})";

    /// <summary>The spec: "If left empty or omitted, will match any" service or method.</summary>
    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
