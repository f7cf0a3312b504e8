using System.Diagnostics;
using AzureGateway.IR;
using AzureGateway.Model.Alb;
using AzureGateway.Translation.Routes.Filters;

namespace AzureGateway.Translation.Policies;

/// <summary>
/// What a RoutePolicy's <c>spec.default</c> asks of its route: a request timeout and session affinity, or the
/// problems that keep it from being used. With <c>managed-cookie</c> AGC names and times the cookie itself
/// (<c>AGCAffinity</c>, one day) and discards <c>cookieName</c> and <c>cookieDuration</c>; with
/// <c>application-cookie</c> both are required.
/// </summary>
internal sealed record RoutePolicySettings(TimeSpan? RouteTimeout, SessionAffinityIr? SessionAffinity, IReadOnlyList<string> Problems, string? Note)
{
    public const string ManagedCookieName = "AGCAffinity";
    public static readonly TimeSpan ManagedCookieDuration = TimeSpan.FromDays(1);

    public static RoutePolicySettings Read(RoutePolicyConfig config)
    {
        var problems = new List<string>();
        TimeSpan? timeout = null;
        if (config.Timeouts?.RouteTimeout is { } text)
        {
            timeout = Duration("spec.default.timeouts.routeTimeout", text, allowZero: true, problems);
        }
        var (affinity, note) = config.SessionAffinity is { } wanted ? Affinity(wanted, problems) : (null, null);
        return new RoutePolicySettings(timeout, affinity, problems, note);
    }

    private static (SessionAffinityIr?, string?) Affinity(RoutePolicySessionAffinity wanted, List<string> problems)
    {
        const string field = "spec.default.sessionAffinity";
        switch (wanted.AffinityType)
        {
            case "managed-cookie":
                var discarded = new[] { wanted.CookieName is null ? null : "cookieName", wanted.CookieDuration is null ? null : "cookieDuration" }
                    .OfType<string>().ToList();
                var note = discarded.Count == 0
                    ? null
                    : $"with managed-cookie, {string.Join(" and ", discarded)} {(discarded.Count == 1 ? "is" : "are")} not used: the cookie is {ManagedCookieName} and lives one day";
                return (new SessionAffinityIr
                {
                    Type = SessionAffinityType.ManagedCookie,
                    CookieName = ManagedCookieName,
                    CookieDuration = ManagedCookieDuration,
                }, note);
            case "application-cookie":
                var count = problems.Count;
                if (string.IsNullOrEmpty(wanted.CookieName))
                {
                    problems.Add($"{field}.cookieName is required when affinityType is application-cookie");
                }
                else if (!HttpSyntax.IsToken(wanted.CookieName))
                {
                    problems.Add($"{field}.cookieName: \"{wanted.CookieName}\" is not a cookie name (letters, digits and !#$%&'*+-.^_`|~ only)");
                }
                TimeSpan? duration = null;
                if (string.IsNullOrEmpty(wanted.CookieDuration))
                {
                    problems.Add($"{field}.cookieDuration is required when affinityType is application-cookie");
                }
                else
                {
                    duration = Duration($"{field}.cookieDuration", wanted.CookieDuration, allowZero: false, problems);
                }
                return problems.Count > count
                    ? (null, null)
                    : (new SessionAffinityIr { Type = SessionAffinityType.ApplicationCookie, CookieName = wanted.CookieName!, CookieDuration = duration }, null);
            case null:
                problems.Add($"{field}.affinityType is required: application-cookie or managed-cookie");
                return (null, null);
            default:
                throw new UnreachableException($"affinityType \"{wanted.AffinityType}\" passed the CRD's enum check");
        }
    }

    private static TimeSpan? Duration(string field, string text, bool allowZero, List<string> problems)
    {
        var parsed = MetaDuration.Parse(text);
        var problem = parsed switch
        {
            null => $"{field}: \"{text}\" is not a duration (write it as 30s, 1m30s or 1h{(allowZero ? ", or 0s for no limit" : "")})",
            { Ticks: < 0 } => $"{field}: \"{text}\" is negative",
            { Ticks: 0 } when !allowZero => $"{field}: \"{text}\" must be longer than zero",
            _ => null,
        };
        if (problem is not null)
        {
            problems.Add(problem);
            return null;
        }
        return parsed;
    }

}
