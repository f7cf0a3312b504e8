using AzureGateway.Model;
using AzureGateway.Translation.Frontend;
using AzureGateway.Translation.Status;

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
        var invalid = listeners.Where(l => !l.IsAccepted).Select(l => l.Name).ToList();
        var note = InfrastructureNote(gateway.Gateway.Spec.Infrastructure);
        var list = new List<Condition>
        {
            listeners.Count == 0
                ? conditions.False(ConditionTypes.Accepted, Reasons.ListenersNotValid, "The Gateway has no listeners", generation)
                : invalid.Count == 0
                    ? conditions.True(ConditionTypes.Accepted, Reasons.Accepted, $"Gateway is accepted{note}", generation)
                    : invalid.Count == listeners.Count
                        ? conditions.False(ConditionTypes.Accepted, Reasons.ListenersNotValid,
                            "No listener is valid; see the listeners' conditions", generation)
                        : conditions.True(ConditionTypes.Accepted, Reasons.ListenersNotValid,
                            $"Not valid, so not served: {Wording.Listeners(invalid)}; the other listeners are served{note}", generation),
        };

        var programmed = listeners.Where(l => l.IsServing).ToList();
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

        if (listeners.Any(l => l.GatewayFrontend?.Validation.Mode == IR.ClientCertificateMode.AllowInsecureFallback))
        {
            // GEP-91: set while the Gateway's own frontend validation lets clients through without a valid certificate.
            list.Add(conditions.True(FrontendReasons.InsecureFrontendValidationMode, FrontendReasons.ConfigurationChanged,
                "spec.tls.frontend uses mode AllowInsecureFallback: clients without a valid certificate are served, and the backend is told (X-Client-Cert-Verify)",
                generation));
        }

        return new GatewayStatus
        {
            Conditions = list,
            Listeners = listeners.Select(l => ListenerConditions.Status(l, conditions)).ToList(),
        };
    }

    /// <summary>
    /// <c>spec.infrastructure.labels</c> and <c>annotations</c> are for resources an implementation creates for a
    /// Gateway. This gateway is deployed once and serves every Gateway, creating nothing per Gateway, so they have
    /// nothing to go on; the Gateway is accepted and says so rather than appear to have applied them.
    /// </summary>
    private static string InfrastructureNote(Model.GatewayApi.GatewayInfrastructure? infrastructure) =>
        infrastructure is { Labels.Count: > 0 } or { Annotations.Count: > 0 }
            ? ". spec.infrastructure labels and annotations are not applied: this gateway creates no resources for a Gateway"
            : "";

    /// <summary>A Gateway of ours that is not served (see <see cref="ServedGateways.NotServed"/>), and why.</summary>
    public static GatewayStatus NotServed(Model.GatewayApi.Gateway gateway, StatusProblem problem, ConditionFactory conditions)
    {
        var generation = ResourceRefs.Generation(gateway.Metadata);
        return new GatewayStatus
        {
            Conditions =
            [
                conditions.False(ConditionTypes.Accepted, problem.Reason, problem.Message, generation),
                conditions.False(ConditionTypes.Programmed, Reasons.Invalid, problem.Message, generation),
            ],
        };
    }
}
