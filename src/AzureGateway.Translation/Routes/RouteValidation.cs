using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Gateways;
using AzureGateway.Translation.Routes.Filters;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// A rule that can be served, with its matches translated (a rule without matches matches every request), its
/// backendRefs, its filters and those of each backendRef (<c>BackendFilters[j]</c> for <c>BackendRefs[j]</c>),
/// timeouts and retry. A GRPCRoute rule has <c>GrpcRanks</c>, its matches' gRPC precedence one for one.
/// </summary>
public sealed record ValidRule(
    int Index,
    IReadOnlyList<RouteMatchIr> Matches,
    IReadOnlyList<RouteBackendRef> BackendRefs,
    FilterSet Filters,
    IReadOnlyList<FilterSet> BackendFilters,
    RouteTimeoutsIr? Timeouts,
    RetryIr? Retry,
    IReadOnlyList<GrpcMatchRank>? GrpcRanks = null);

/// <summary>
/// What of a route can be served, judged once per route. A rule the gateway cannot honour (an unsupported
/// filter, a match it cannot express, anything the API server's schema would have refused, which a folder has no
/// admission to catch) is dropped, never served without the part it cannot honour. The spec's way to say so:
/// <c>PartiallyInvalid=True</c> with a message starting "Dropped Rule" while other rules serve, or
/// <c>Accepted=False/UnsupportedValue</c> when none is left.
/// </summary>
public sealed record RouteValidation(IReadOnlyList<ValidRule> Valid, IReadOnlyList<string> Dropped, StatusProblem? RouteProblem)
{
    /// <summary>Why the route cannot be accepted by any parent, or null when at least one rule serves.</summary>
    public StatusProblem? NotAccepted => RouteProblem ??
        (Valid.Count == 0 && Dropped.Count > 0 ? new StatusProblem(Reasons.UnsupportedValue, string.Join("; ", Dropped)) : null);

    public static RouteValidation Of(HttpRoute route) =>
        // A route without rules has the API server's default: one rule matching every path, with no backend.
        Of(route.Spec.Hostnames, route.Spec.Rules is { Count: > 0 } listed ? listed : [new HttpRouteRule()], r => r.Name, Rule);

    /// <summary>
    /// Judges each rule with <paramref name="judge"/> (which adds what it cannot honour to its list), after the
    /// hostnames, which may not be IP addresses whatever the kind of route.
    /// </summary>
    public static RouteValidation Of<TRule>(
        List<string>? hostnames, IReadOnlyList<TRule> rules, Func<TRule, string?> name, Func<int, TRule, List<string>, ValidRule> judge)
    {
        var addresses = (hostnames ?? []).Where(HostnameSyntax.IsIpAddress).ToList();
        if (addresses.Count > 0)
        {
            return new RouteValidation([], [], new StatusProblem(Reasons.UnsupportedValue,
                $"spec.hostnames {string.Join(", ", addresses.Select(h => $"\"{h}\""))}: a route's hostnames may not be IP addresses"));
        }

        var valid = new List<ValidRule>();
        var dropped = new List<string>();
        for (var i = 0; i < rules.Count; i++)
        {
            var problems = new List<string>();
            var rule = judge(i, rules[i], problems);
            if (problems.Count == 0)
            {
                valid.Add(rule);
            }
            else
            {
                var named = name(rules[i]) is { Length: > 0 } n ? $" ({n})" : "";
                dropped.Add($"Dropped Rule {i}{named}: {string.Join(", ", problems)}");
            }
        }
        return new RouteValidation(valid, dropped, null);
    }

    private static ValidRule Rule(int index, HttpRouteRule rule, List<string> problems)
    {
        var matches = new List<RouteMatchIr>();
        var listed = rule.Matches is { Count: > 0 } m ? m : [new HttpRouteMatch()];
        foreach (var match in listed)
        {
            var translated = RouteMatchTranslator.Translate(match);
            if (translated.Error is not null)
            {
                problems.Add(translated.Error);
            }
            else
            {
                matches.Add(translated.Value!);
            }
        }

        var matchedPrefix = SinglePrefix(listed);
        var filters = FilterListTranslator.Translate(rule.Filters, "filters", matchedPrefix, onBackendRef: false, problems);
        var backendRefs = rule.BackendRefs ?? [];
        if (filters.Redirect is not null && backendRefs.Count > 0)
        {
            problems.Add("a RequestRedirect filter cannot be used together with backendRefs");
        }
        var backendFilters = new List<FilterSet>();
        for (var j = 0; j < backendRefs.Count; j++)
        {
            backendFilters.Add(FilterListTranslator.Translate(backendRefs[j].Filters, $"backendRefs[{j}].filters", matchedPrefix, onBackendRef: true, problems));
        }
        if (rule.SessionPersistence is not null)
        {
            problems.Add(SessionPersistenceUnsupported);
        }
        var timeouts = TimeoutsTranslator.Translate(rule.Timeouts, problems);
        var retry = RetryTranslator.Translate(rule.Retry, problems);
        return new ValidRule(index, matches, RouteBackendRef.Of(rule.BackendRefs), filters, backendFilters, timeouts, retry);
    }

    // Serving a rule without it would let its users believe clients stick to a backend when they do not.
    internal const string SessionPersistenceUnsupported =
        "sessionPersistence is not supported (an AGC RoutePolicy's sessionAffinity keeps clients on one backend)";

    /// <summary>
    /// The value of the rule's match when it has exactly one and that one is a PathPrefix (an absent path is the
    /// schema's default, PathPrefix "/"): the only shape in which ReplacePrefixMatch is allowed.
    /// </summary>
    private static string? SinglePrefix(List<HttpRouteMatch> matches) =>
        matches is [{ Path: var path }] && (path?.Type ?? "PathPrefix") == "PathPrefix" ? path?.Value ?? "/" : null;
}
