using AzureGateway.Model;

namespace AzureGateway.Translation.Gateways;

/// <summary>
/// A Gateway's status. The Gateway stays Accepted while at least one listener is valid (reason
/// ListenersNotValid names the others) and Programmed while at least one listener is served: one bad listener
/// never takes the rest of the Gateway down.
/// </summary>
public static class GatewayConditions
{
    /// <param name="clientCertificate">
    /// The Gateway-level ResolvedRefs outcome of <c>spec.tls.backend.clientCertificateRef</c>: null when the field
    /// is not set, otherwise null problem for a usable certificate. It never affects Accepted or Programmed.
    /// </param>
    public static GatewayStatus Status(ServedGateway gateway, ConditionFactory conditions, (bool IsSet, Condition? Problem) clientCertificate)
    {
        var generation = ResourceRefs.Generation(gateway.Gateway.Metadata);
        var listeners = gateway.Listeners;
        var invalid = listeners.Where(l => !l.IsValid).Select(l => l.Name).ToList();
        var list = new List<Condition>
        {
            listeners.Count == 0
                ? conditions.False(ConditionTypes.Accepted, Reasons.ListenersNotValid, "The Gateway has no listeners", generation)
                : invalid.Count == 0
                    ? conditions.True(ConditionTypes.Accepted, Reasons.Accepted, "Gateway is accepted", generation)
                    : invalid.Count == listeners.Count
                        ? conditions.False(ConditionTypes.Accepted, Reasons.ListenersNotValid,
                            "No listener is valid; see the listeners' conditions", generation)
                        : conditions.True(ConditionTypes.Accepted, Reasons.ListenersNotValid,
                            $"Not valid, so not served: {Wording.Listeners(invalid)}; the other listeners are served", generation),
        };

        var programmed = listeners.Where(l => l.IsProgrammed).ToList();
        list.Add(programmed.Count > 0
            ? conditions.True(ConditionTypes.Programmed, Reasons.Programmed,
                $"Serving {Wording.Listeners(programmed.Select(l => l.Name))}", generation)
            : conditions.False(ConditionTypes.Programmed, Reasons.Invalid,
                "No listener can be served; see the listeners' conditions", generation));

        if (clientCertificate.IsSet)
        {
            list.Add(clientCertificate.Problem is { } problem
                ? conditions.False(ConditionTypes.ResolvedRefs, problem.Reason, problem.Message, generation)
                : conditions.True(ConditionTypes.ResolvedRefs, Reasons.ResolvedRefs,
                    "The backend client certificate (spec.tls.backend.clientCertificateRef) is resolved", generation));
        }

        return new GatewayStatus
        {
            Conditions = list,
            Listeners = listeners.Select(l => ListenerConditions.Status(l, conditions)).ToList(),
        };
    }

    /// <summary>A Gateway whose GatewayClass is missing from the folder: not served, and said so.</summary>
    public static GatewayStatus WithoutClass(Model.GatewayApi.Gateway gateway, ConditionFactory conditions)
    {
        var generation = ResourceRefs.Generation(gateway.Metadata);
        var message = $"GatewayClass {gateway.Spec.GatewayClassName} does not exist";
        return new GatewayStatus
        {
            Conditions =
            [
                conditions.False(ConditionTypes.Accepted, Reasons.Invalid, message, generation),
                conditions.False(ConditionTypes.Programmed, Reasons.Invalid, message, generation),
            ],
        };
    }
}
