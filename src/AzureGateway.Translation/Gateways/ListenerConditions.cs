using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Translation.Frontend;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Gateways;

/// <summary>A listener's status: Accepted, Conflicted (only when it is), ResolvedRefs and Programmed.</summary>
public static class ListenerConditions
{
    public static ListenerStatus Status(ListenerState listener, ConditionFactory conditions)
    {
        var generation = ResourceRefs.Generation(listener.Gateway.Metadata);
        var list = new List<Condition>();

        var notAccepted = listener.NotAccepted ?? listener.Conflict ?? listener.GatewayFrontend?.NotAccepted;
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

        list.Add(listener.IsServing
            ? conditions.True(ConditionTypes.Programmed, Reasons.Programmed, Serving(listener), generation)
            : conditions.False(ConditionTypes.Programmed, Reasons.Invalid, NotServing(listener, notAccepted), generation));

        return new ListenerStatus
        {
            Name = listener.Name,
            SupportedKinds = [.. listener.SupportedKinds],
            AttachedRoutes = listener.AttachedRoutes,
            Conditions = list,
        };
    }

    private static string Serving(ListenerState listener) => listener.Protocol switch
    {
        PortProtocol.Https =>
            $"Serving HTTPS on port {listener.Port} with {listener.Certificate!.Source} ({listener.Certificate.Subject}){ClientValidation(listener.FrontendTls)}",
        PortProtocol.Tls when listener.Passthrough => $"Passing TLS connections through by SNI on port {listener.Port}",
        PortProtocol.Tls =>
            $"Terminating TLS by SNI on port {listener.Port} with {listener.Certificate!.Source} ({listener.Certificate.Subject}){ClientValidation(listener.FrontendTls)}",
        _ => $"Serving HTTP on port {listener.Port}",
    };

    /// <summary>Says whether clients must present a certificate, and who decided it, so no one has to guess which resource is in force.</summary>
    private static string ClientValidation(FrontendTlsSettings frontend) => frontend.ClientValidation is not { } validation
        ? ""
        : $"; client certificates {validation.Mode switch
        {
            ClientCertificateMode.RequireValid => "required",
            ClientCertificateMode.AllowMissing => "verified when presented",
            _ => "verified but not required (insecure fallback)",
        }} by {frontend.ClientValidationSource}";

    private static string NotServing(ListenerState listener, StatusProblem? notAccepted) =>
        listener.IsProgrammed ? $"Not served: every client is refused because {listener.RefusesEveryClient}"
        : notAccepted is not null ? "Not served: the listener is not accepted (see Accepted)"
        : "Not served: no valid certificate to present (see ResolvedRefs)";
}
