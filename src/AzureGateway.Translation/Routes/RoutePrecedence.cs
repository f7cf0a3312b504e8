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
/// GRPCRoute matches are ranked by the GRPCRoute spec instead: more characters of service, then of method, then
/// more header matches, then age and name, then rule and match order (the hostname was decided by the virtual
/// host). The spec forbids merging the two kinds and <see cref="RouteKindConflicts"/> keeps them apart on a
/// listener's hostnames; should a virtual host still hold both, its gRPC routes come first, since a gRPC call's
/// path (<c>/package.Service/Method</c>) is one an HTTPRoute's catch-all would otherwise take.
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
        if (x.GrpcRank is not null || y.GrpcRank is not null)
        {
            return CompareGrpc(x, y);
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

    private static int CompareGrpc(RankedRoute x, RankedRoute y)
    {
        if (x.GrpcRank is not { } a || y.GrpcRank is not { } b)
        {
            return x.GrpcRank is not null ? -1 : 1;
        }
        int order;
        if ((order = b.Service.CompareTo(a.Service)) != 0 ||
            (order = b.Method.CompareTo(a.Method)) != 0 ||
            (order = y.Route.Match.Headers.Count.CompareTo(x.Route.Match.Headers.Count)) != 0 ||
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
