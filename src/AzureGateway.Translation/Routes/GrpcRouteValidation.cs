using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Routes.Filters;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// What of a GRPCRoute can be served (see <see cref="RouteValidation"/>): its matches as gRPC paths and headers,
/// and its filters read as HTTPRoute filters of the four types a GRPCRoute has, checked by the same rules. A rule
/// without matches matches every call; a route without rules serves nothing (the CRD gives GRPCRoute no default
/// rule, unlike HTTPRoute).
/// </summary>
public static class GrpcRouteValidation
{
    public static RouteValidation Of(GrpcRoute route) =>
        RouteValidation.Of(route.Spec.Hostnames, route.Spec.Rules ?? [], r => r.Name, Rule);

    private static ValidRule Rule(int index, GrpcRouteRule rule, List<string> problems)
    {
        var matches = new List<RouteMatchIr>();
        var ranks = new List<GrpcMatchRank>();
        foreach (var match in rule.Matches is { Count: > 0 } listed ? listed : [new GrpcRouteMatch()])
        {
            var translated = GrpcMatchTranslator.Translate(match);
            if (translated.Error is not null)
            {
                problems.Add(translated.Error);
                continue;
            }
            matches.Add(translated.Value.Match);
            ranks.Add(translated.Value.Rank);
        }

        // No path match to rewrite against: a GRPCRoute has no URLRewrite, so no prefix is ever needed.
        var filters = FilterListTranslator.Translate(GrpcFilters.AsHttp(rule.Filters), "filters", matchedPrefix: null, onBackendRef: false, problems);
        var backendRefs = RouteBackendRef.Of(rule.BackendRefs);
        var backendFilters = backendRefs
            .Select((backendRef, j) => FilterListTranslator.Translate(backendRef.Filters, $"backendRefs[{j}].filters", matchedPrefix: null, onBackendRef: true, problems))
            .ToList();
        if (rule.SessionPersistence is not null)
        {
            problems.Add(RouteValidation.SessionPersistenceUnsupported);
        }
        return new ValidRule(index, matches, backendRefs, filters, backendFilters, Timeouts: null, Retry: null, ranks);
    }
}
