using AzureGateway.IR;
using AzureGateway.Model;

namespace AzureGateway.Translation.Gateways;

/// <summary>A listener's status: Accepted, Conflicted (only when it is), ResolvedRefs and Programmed.</summary>
public static class ListenerConditions
{
    public static ListenerStatus Status(ListenerState listener, ConditionFactory conditions)
    {
        var generation = ResourceRefs.Generation(listener.Gateway.Metadata);
        var list = new List<Condition>();

        var notAccepted = listener.NotAccepted ?? listener.Conflict;
        list.Add(notAccepted is null
            ? conditions.True(ConditionTypes.Accepted, Reasons.Accepted, "Listener is valid", generation)
            : conditions.False(ConditionTypes.Accepted, notAccepted.Reason, notAccepted.Message, generation));

        if (listener.Conflict is { } conflict)
        {
            list.Add(conditions.True(ConditionTypes.Conflicted, conflict.Reason, conflict.Message, generation));
        }

        list.Add(listener.UnresolvedRefs is { } unresolved
            ? conditions.False(ConditionTypes.ResolvedRefs, unresolved.Reason, unresolved.Message, generation)
            : conditions.True(ConditionTypes.ResolvedRefs, Reasons.ResolvedRefs, "All references are resolved", generation));

        list.Add(listener.IsProgrammed
            ? conditions.True(ConditionTypes.Programmed, Reasons.Programmed, Serving(listener), generation)
            : conditions.False(ConditionTypes.Programmed, Reasons.Invalid, NotServing(notAccepted), generation));

        return new ListenerStatus
        {
            Name = listener.Name,
            SupportedKinds = [.. listener.SupportedKinds],
            AttachedRoutes = listener.AttachedRoutes,
            Conditions = list,
        };
    }

    private static string Serving(ListenerState listener) => listener.Protocol == PortProtocol.Https
        ? $"Serving HTTPS on port {listener.Port} with {listener.Certificate!.Source} ({listener.Certificate.Subject})"
        : $"Serving HTTP on port {listener.Port}";

    private static string NotServing(StatusProblem? notAccepted) => notAccepted is not null
        ? "Not served: the listener is not accepted (see Accepted)"
        : "Not served: no valid certificate to present (see ResolvedRefs)";
}
