using AzureGateway.Translation.Gateways;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// The hostnames a route serves through one listener: the intersection of the listener's hostname and the
/// route's hostnames, as the HTTPRoute <c>hostnames</c> field defines it. A wildcard <c>*.example.com</c>
/// stands for one or more labels in front of <c>example.com</c>, never for <c>example.com</c> itself.
/// </summary>
public static class HostnameIntersection
{
    /// <summary>
    /// The effective hostnames, each the more specific of the two patterns that matched. Empty when nothing
    /// intersects (the route does not attach: <c>NoMatchingListenerHostname</c>); <c>*</c> when neither the
    /// listener nor the route names a host.
    /// </summary>
    public static IReadOnlyList<string> Effective(string? listenerHostname, IReadOnlyList<string> routeHostnames)
    {
        var listener = string.IsNullOrEmpty(listenerHostname) ? null : listenerHostname;
        if (routeHostnames.Count == 0)
        {
            return [listener ?? HostnameSpecificity.CatchAll];
        }
        // Called for every listener a route may attach to, and most intersections are empty: nothing is
        // allocated until a hostname is found. Order is the route's, duplicates dropped.
        List<string>? effective = null;
        foreach (var route in routeHostnames)
        {
            if ((listener is null ? route : Intersect(listener, route)) is { } host && effective?.Contains(host) != true)
            {
                (effective ??= []).Add(host);
            }
        }
        return effective ?? [];
    }

    /// <summary>The more specific of two hostname patterns when one lies within the other; otherwise null.</summary>
    public static string? Intersect(string listener, string route)
    {
        if (listener == route)
        {
            return route;
        }
        var listenerIsWildcard = HostnameSyntax.IsWildcard(listener);
        var routeIsWildcard = HostnameSyntax.IsWildcard(route);
        if (listenerIsWildcard && Covers(listener, routeIsWildcard ? route[2..] : route))
        {
            return route;
        }
        if (routeIsWildcard && Covers(route, listenerIsWildcard ? listener[2..] : listener))
        {
            return listener;
        }
        return null;
    }

    /// <summary>Whether <paramref name="wildcard"/> (<c>*.suffix</c>) matches the exact name <paramref name="host"/>.</summary>
    public static bool Covers(string wildcard, string host)
    {
        var suffix = wildcard[1..]; // ".example.com"
        return host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.Ordinal);
    }
}
