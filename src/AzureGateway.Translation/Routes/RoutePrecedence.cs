using AzureGateway.IR;
using AzureGateway.Translation.Gateways;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// The order routes of one virtual host are tried in; the data plane serves the first whose match holds. It is
/// the Gateway API's precedence:
/// <list type="number">
/// <item>an Exact path, then a RegularExpression path, then a PathPrefix. The spec leaves regular expressions'
/// place to implementations; they come between Exact and PathPrefix as in Envoy Gateway, so a catch-all prefix
/// never hides a pattern;</item>
/// <item>the longer path value (the longest prefix wins);</item>
/// <item>a method match before none;</item>
/// <item>more header matches, then more query parameter matches;</item>
/// <item>the oldest route (creationTimestamp), then namespace/name;</item>
/// <item>within a route, the earlier rule, then the earlier match.</item>
/// </list>
/// </summary>
public sealed class RoutePrecedence : IComparer<RankedRoute>
{
    public static readonly RoutePrecedence Instance = new();

    public int Compare(RankedRoute? x, RankedRoute? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null || y is null)
        {
            return x is null ? 1 : -1;
        }
        var a = x.Route.Match;
        var b = y.Route.Match;
        int order;
        if ((order = PathRank(a.Path.Type).CompareTo(PathRank(b.Path.Type))) != 0 ||
            (order = b.Path.Value.Length.CompareTo(a.Path.Value.Length)) != 0 ||
            (order = (b.Method is not null).CompareTo(a.Method is not null)) != 0 ||
            (order = b.Headers.Count.CompareTo(a.Headers.Count)) != 0 ||
            (order = b.QueryParams.Count.CompareTo(a.QueryParams.Count)) != 0 ||
            (order = ResourceOrder.Compare(x.RouteMetadata, y.RouteMetadata)) != 0 ||
            (order = x.RuleIndex.CompareTo(y.RuleIndex)) != 0)
        {
            return order;
        }
        return x.MatchIndex.CompareTo(y.MatchIndex);
    }

    private static int PathRank(PathMatchType type) => type switch
    {
        PathMatchType.Exact => 0,
        PathMatchType.RegularExpression => 1,
        _ => 2,
    };
}
