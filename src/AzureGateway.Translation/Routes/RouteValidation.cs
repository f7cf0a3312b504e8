using AzureGateway.IR;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Gateways;

namespace AzureGateway.Translation.Routes;

/// <summary>A rule that can be served, with its matches translated (a rule without matches matches every path).</summary>
public sealed record ValidRule(int Index, HttpRouteRule Rule, IReadOnlyList<RouteMatchIr> Matches);

/// <summary>
/// What of an HTTPRoute can be served, judged once per route. A rule the gateway cannot honour (an unsupported
/// filter, a match it cannot express) is dropped, never served without the part it cannot honour. The spec's
/// way to say so: <c>PartiallyInvalid=True</c> with a message starting "Dropped Rule" while other rules serve, or
/// <c>Accepted=False/UnsupportedValue</c> when none is left.
/// </summary>
public sealed record RouteValidation(IReadOnlyList<ValidRule> Valid, IReadOnlyList<string> Dropped, StatusProblem? RouteProblem)
{
    /// <summary>Why the route cannot be accepted by any parent, or null when at least one rule serves.</summary>
    public StatusProblem? NotAccepted => RouteProblem ??
        (Valid.Count == 0 ? new StatusProblem(Reasons.UnsupportedValue, string.Join("; ", Dropped)) : null);

    public static RouteValidation Of(HttpRoute route)
    {
        var badHostnames = (route.Spec.Hostnames ?? []).Where(h => !HostnameSyntax.IsValid(h)).ToList();
        if (badHostnames.Count > 0)
        {
            return new RouteValidation([], [], new StatusProblem(Reasons.UnsupportedValue,
                $"spec.hostnames {string.Join(", ", badHostnames.Select(h => $"\"{h}\""))} are not lower-case DNS names (optionally starting with \"*.\")"));
        }

        // A route without rules has the API server's default: one rule matching every path, with no backend.
        var rules = route.Spec.Rules is { Count: > 0 } listed ? listed : [new HttpRouteRule()];
        var valid = new List<ValidRule>();
        var dropped = new List<string>();
        for (var i = 0; i < rules.Count; i++)
        {
            var problems = RuleProblems(rules[i], out var matches);
            if (problems.Count == 0)
            {
                valid.Add(new ValidRule(i, rules[i], matches));
            }
            else
            {
                var name = rules[i].Name is { Length: > 0 } n ? $" ({n})" : "";
                dropped.Add($"Dropped Rule {i}{name}: {string.Join(", ", problems)}");
            }
        }
        return new RouteValidation(valid, dropped, null);
    }

    private static List<string> RuleProblems(HttpRouteRule rule, out List<RouteMatchIr> matches)
    {
        var problems = new List<string>();
        problems.AddRange((rule.Filters ?? []).Select(f => $"filter {f.Type} is not supported yet"));
        var backendRefs = rule.BackendRefs ?? [];
        for (var j = 0; j < backendRefs.Count; j++)
        {
            problems.AddRange((backendRefs[j].Filters ?? []).Select(f => $"backendRefs[{j}] filter {f.Type} is not supported yet"));
            if (backendRefs[j].Weight < 0)
            {
                problems.Add($"backendRefs[{j}].weight {backendRefs[j].Weight} is negative");
            }
        }
        matches = [];
        foreach (var match in rule.Matches is { Count: > 0 } listed ? listed : [new HttpRouteMatch()])
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
        return problems;
    }
}
