using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Backends;
using AzureGateway.Translation.Gateways;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Frontend;

/// <summary>
/// A Gateway's own client validation for one HTTPS listener (GEP-91, <c>spec.tls.frontend</c>): the <c>perPort</c>
/// entry of the listener's port, else <c>default</c>. Its CA references judge the listener's status as the spec says:
/// any that cannot be used makes ResolvedRefs False (<c>InvalidCACertificateRef</c>, <c>InvalidCACertificateKind</c>
/// or <c>RefNotPermitted</c>); none usable makes Accepted False (<c>NoValidCACertificate</c>), and the listener then
/// refuses every client rather than serve without validation.
/// </summary>
internal sealed class GatewayFrontendValidation(TranslationContext context)
{
    private readonly ClientCaBundle _bundle = new(context);

    /// <summary>The listener's validation from its Gateway, or null when the Gateway configures none for its port.</summary>
    public GatewayFrontend? For(Gateway gateway, Listener listener)
    {
        if (gateway.Spec.Tls?.Frontend is not { } frontend)
        {
            return null;
        }
        var ns = TranslationContext.Namespace(gateway.Metadata);
        var perPort = frontend.PerPort?.FirstOrDefault(p => p.Port == listener.Port);
        var (validation, scope, field) = perPort is not null
            ? (perPort.Tls.Validation, FrontendScope.Port, $"spec.tls.frontend.perPort (port {listener.Port})")
            : (frontend.Default.Validation, FrontendScope.GatewayDefault, "spec.tls.frontend.default");
        if (validation is null)
        {
            return null;
        }
        var label = $"Gateway {ns}/{gateway.Metadata.Name} {field}";
        var mode = validation.Mode switch
        {
            null or "" or "AllowValidOnly" => ClientCertificateMode.RequireValid,
            "AllowInsecureFallback" => ClientCertificateMode.AllowInsecureFallback,
            _ => (ClientCertificateMode?)null,
        };
        if (mode is null || validation.CaCertificateRefs.Count == 0)
        {
            var message = mode is null
                ? $"{field}.validation.mode \"{validation.Mode}\" is not AllowValidOnly or AllowInsecureFallback"
                : $"{field}.validation.caCertificateRefs is empty; it needs at least one CA certificate";
            return new GatewayFrontend(scope, label, RefuseAll(message), null, new StatusProblem(Reasons.UnsupportedValue, message));
        }

        var referrer = new Referrer(ResourceKinds.GatewayApiGroup, "Gateway", ns, gateway.Metadata.Name);
        var (anchors, problems) = _bundle.Resolve(referrer, validation.CaCertificateRefs.Select(r => (r.Group, (string?)r.Kind, r.Name, r.Namespace)));
        var unresolved = StatusProblem.Combine(problems.Select(p => new StatusProblem(Reason(p.Kind), $"{field}: {p.Message}")));
        if (anchors.Count == 0)
        {
            var message = $"No CA certificate of {field} can be used, so every client is refused";
            return new GatewayFrontend(scope, label, RefuseAll($"{label}: {Wording.Sentence(problems.Select(p => p.Message))}"),
                unresolved, new StatusProblem(FrontendReasons.NoValidCaCertificate, message));
        }
        return new GatewayFrontend(scope, label, new ClientValidationIr { Mode = mode.Value, TrustedCertificates = anchors.ToList() }, unresolved, null);
    }

    private static ClientValidationIr RefuseAll(string because) =>
        new() { Mode = ClientCertificateMode.RequireValid, RefuseAllBecause = because };

    private static string Reason(ReferenceProblemKind kind) => kind switch
    {
        ReferenceProblemKind.UnsupportedKind => FrontendReasons.InvalidCaCertificateKind,
        ReferenceProblemKind.NotPermitted => Reasons.RefNotPermitted,
        _ => FrontendReasons.InvalidCaCertificateRef,
    };
}

/// <summary>What a Gateway's <c>spec.tls.frontend</c> gives one listener, and what it does to the listener's status.</summary>
public sealed record GatewayFrontend(
    FrontendScope Scope, string Label, ClientValidationIr Validation, StatusProblem? UnresolvedRefs, StatusProblem? NotAccepted);
