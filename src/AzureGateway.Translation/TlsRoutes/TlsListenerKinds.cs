using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Routes;

namespace AzureGateway.Translation.TlsRoutes;

/// <summary>The route kinds a TLS listener supports: TLSRoute, in both of its modes.</summary>
public static class TlsListenerKinds
{
    /// <summary>
    /// The kinds a TLS listener supports given <c>allowedRoutes.kinds</c> (TLSRoute when none are listed), and the kinds
    /// listed that it cannot support (the listener's ResolvedRefs=False/InvalidRouteKinds names them).
    /// </summary>
    public static (IReadOnlyList<RouteGroupKind> Supported, IReadOnlyList<string> Invalid) Kinds(AllowedRoutes? allowedRoutes)
    {
        var listed = allowedRoutes?.Kinds;
        if (listed is null || listed.Count == 0)
        {
            return ([TlsRoute()], []);
        }
        var supported = new List<RouteGroupKind>();
        var invalid = new List<string>();
        foreach (var kind in listed)
        {
            var group = kind.Group ?? ResourceKinds.GatewayApiGroup;
            if (group == ResourceKinds.GatewayApiGroup && kind.Kind == RouteSource.TlsRouteKind)
            {
                if (supported.Count == 0)
                {
                    supported.Add(TlsRoute());
                }
            }
            else
            {
                invalid.Add(group == ResourceKinds.GatewayApiGroup ? kind.Kind : $"{kind.Kind} (group \"{group}\")");
            }
        }
        return (supported, invalid);
    }

    private static RouteGroupKind TlsRoute() => new() { Group = ResourceKinds.GatewayApiGroup, Kind = RouteSource.TlsRouteKind };
}
