using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Gateways;
using AzureGateway.Translation.Status;
using k8s.Models;

namespace AzureGateway.Translation.Routes;

/// <summary>A listener a route attached to, and the hostnames the route serves through it.</summary>
public sealed record ListenerAttachment(ListenerState Listener, IReadOnlyList<string> Hostnames);

/// <summary>
/// The outcome of one parentRef: the listeners the route attached to, or why it attached to none
/// (<c>Accepted=False</c> with NoMatchingParent, NotAllowedByListeners or NoMatchingListenerHostname).
/// </summary>
public sealed record ParentAttachment(ServedGateway? Gateway, IReadOnlyList<ListenerAttachment> Listeners, StatusProblem? NotAccepted)
{
    private static ParentAttachment Rejected(string reason, string message) => new(null, [], new StatusProblem(reason, message));

    /// <summary>
    /// Attaches <paramref name="route"/> through <paramref name="parentRef"/>. Null when the parent is not ours
    /// to report on: a kind other than Gateway, or a Gateway of a class another controller serves. A Gateway of
    /// ours that is not served (see <see cref="ServedGateways.NotServed"/>) is no parent: NoMatchingParent.
    /// </summary>
    public static ParentAttachment? Attach(RouteSource route, ParentReference parentRef, ServedGateways gateways, TranslationContext context)
    {
        if ((parentRef.Group ?? ResourceKinds.GatewayApiGroup) != ResourceKinds.GatewayApiGroup || (parentRef.Kind ?? "Gateway") != "Gateway")
        {
            return null;
        }
        var routeNamespace = TranslationContext.Namespace(route.Metadata);
        var ns = parentRef.Namespace ?? routeNamespace;
        if (!gateways.Exists(ns, parentRef.Name))
        {
            return Rejected(Reasons.NoMatchingParent, $"Gateway {ns}/{parentRef.Name} does not exist");
        }
        if (gateways.Find(ns, parentRef.Name) is not { } gateway)
        {
            return gateways.NotServedProblem(ns, parentRef.Name) is { } notServed
                ? Rejected(Reasons.NoMatchingParent, $"Gateway {ns}/{parentRef.Name} is not served: {notServed.Message}")
                : null;
        }

        // The common case, a route attaching, is one pass over the listeners that allocates only for the
        // listeners attached; the reasons a route attaches to none are worked out again, at leisure. Hostnames
        // are compared first: most listeners of a Gateway with many hostnames fail there, at no cost.
        var routeHostnames = route.Hostnames;
        var attached = new List<ListenerAttachment>();
        foreach (var listener in gateway.Listeners)
        {
            if (Picks(listener, parentRef) &&
                HostnameIntersection.Effective(listener.Hostname, routeHostnames) is { Count: > 0 } hostnames &&
                Admits(listener, route.Kind, routeNamespace, context))
            {
                attached.Add(new ListenerAttachment(listener, hostnames));
            }
        }
        if (attached.Count > 0)
        {
            return new ParentAttachment(gateway, attached, null);
        }

        var selected = gateway.Listeners.Where(l => Picks(l, parentRef)).ToList();
        if (selected.Count == 0)
        {
            return Rejected(Reasons.NoMatchingParent, $"{gateway} has no listener {Selector(parentRef)}");
        }
        if (!selected.Any(l => ListenerAdmission.AdmitsKind(l, route.Kind)))
        {
            return Rejected(Reasons.NotAllowedByListeners,
                $"No listener of {gateway}{(Selected(parentRef) ? " selected by this parentRef" : "")} supports {route.Kind} (supportedKinds)");
        }
        var admitting = selected.Where(l => Admits(l, route.Kind, routeNamespace, context)).ToList();
        if (admitting.Count == 0)
        {
            return Rejected(Reasons.NotAllowedByListeners,
                $"No listener of {gateway}{(Selected(parentRef) ? " selected by this parentRef" : "")} admits {route.Kind}s from namespace {routeNamespace} (allowedRoutes)");
        }
        var listeners = Wording.Listeners(admitting.Select(l => $"{l.Name} ({l.Hostname})"));
        return Rejected(Reasons.NoMatchingListenerHostname,
            $"None of the route's hostnames ({string.Join(", ", routeHostnames)}) matches the hostname of {listeners}");
    }

    private static bool Picks(ListenerState listener, ParentReference parentRef) =>
        (parentRef.SectionName is null || listener.Name == parentRef.SectionName) &&
        (parentRef.Port is null || listener.Port == parentRef.Port);

    private static bool Admits(ListenerState listener, string kind, string routeNamespace, TranslationContext context) =>
        ListenerAdmission.AdmitsKind(listener, kind) && ListenerAdmission.AdmitsNamespace(listener, routeNamespace, context);

    private static bool Selected(ParentReference parentRef) => parentRef.SectionName is not null || parentRef.Port is not null;

    private static string Selector(ParentReference parentRef) => (parentRef.SectionName, parentRef.Port) switch
    {
        ({ } name, { } port) => $"named {name} on port {port}",
        ({ } name, null) => $"named {name}",
        (null, { } port) => $"on port {port}",
        _ => "at all",
    };
}
