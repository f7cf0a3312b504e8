using System.Diagnostics;
using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Gateways;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// A listener's <c>allowedRoutes</c>: which route kinds it supports and from which namespaces it admits routes
/// (<c>Same</c> by default, <c>All</c>, or a <c>Selector</c> over the namespace's labels).
/// </summary>
public static class ListenerAdmission
{
    public const string HttpRouteKind = "HTTPRoute";

    /// <summary>The label every namespace carries with its own name, so selectors can pick namespaces by name.</summary>
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    /// <summary>Why <c>allowedRoutes.namespaces</c> cannot be applied, or null when it can.</summary>
    public static string? NamespacesProblem(AllowedRoutes? allowedRoutes)
    {
        var namespaces = allowedRoutes?.Namespaces;
        return namespaces?.From switch
        {
            null or "Same" or "All" => null,
            "Selector" when namespaces.Selector is null => "allowedRoutes.namespaces.from is Selector but no selector is given",
            "Selector" => LabelSelectorMatch.Problem(namespaces.Selector) is { } problem ? $"allowedRoutes.namespaces.selector: {problem}" : null,
            var other => throw new UnreachableException($"allowedRoutes.namespaces.from \"{other}\" passed the CRD's enum check"),
        };
    }

    /// <summary>
    /// The kinds an HTTP or HTTPS listener supports given <c>allowedRoutes.kinds</c> (HTTPRoute when none are
    /// listed), and the kinds listed that it cannot support.
    /// </summary>
    public static (IReadOnlyList<RouteGroupKind> Supported, IReadOnlyList<string> Invalid) Kinds(AllowedRoutes? allowedRoutes)
    {
        var listed = allowedRoutes?.Kinds;
        if (listed is null || listed.Count == 0)
        {
            return ([HttpRoute()], []);
        }
        var supported = new List<RouteGroupKind>();
        var invalid = new List<string>();
        foreach (var kind in listed)
        {
            var group = kind.Group ?? ResourceKinds.GatewayApiGroup;
            if (group == ResourceKinds.GatewayApiGroup && kind.Kind == HttpRouteKind)
            {
                if (supported.Count == 0)
                {
                    supported.Add(HttpRoute());
                }
            }
            else
            {
                invalid.Add(group == ResourceKinds.GatewayApiGroup ? kind.Kind : $"{kind.Kind} (group \"{group}\")");
            }
        }
        return (supported, invalid);
    }

    /// <summary>Whether the listener admits routes from <paramref name="routeNamespace"/>.</summary>
    public static bool AdmitsNamespace(ListenerState listener, string routeNamespace, TranslationContext context)
    {
        var namespaces = listener.Listener.AllowedRoutes?.Namespaces;
        return namespaces?.From switch
        {
            null or "Same" => routeNamespace == TranslationContext.Namespace(listener.Gateway.Metadata),
            "All" => true,
            "Selector" => namespaces.Selector is not null &&
                LabelSelectorMatch.Matches(namespaces.Selector, context.NamespaceLabels(routeNamespace)),
            _ => false,
        };
    }

    private static RouteGroupKind HttpRoute() => new() { Group = ResourceKinds.GatewayApiGroup, Kind = HttpRouteKind };
}
