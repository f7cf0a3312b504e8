using AzureGateway.Model;
using AzureGateway.Model.EnvoyGateway;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Backends;

/// <summary>
/// The Gateway's <c>spec.tls.backend</c> when it is set (it replaces the EnvoyProxy's settings entirely, as in
/// Envoy Gateway: an invalid reference there means no client certificate, not the EnvoyProxy's), else the
/// <c>spec.backendTLS</c> of the EnvoyProxy named by the GatewayClass's <c>parametersRef</c>. An EnvoyProxy
/// problem is not the Gateway's: it makes the TLS clusters answer 500 and the routes say InvalidBackendTLS.
/// </summary>
internal sealed class GatewayBackendTlsDefaultsResolver(TranslationContext context, ClientCertificateResolver clientCertificates)
{
    private readonly Dictionary<(string, string), GatewayBackendTlsDefaults> _byGateway = [];

    public GatewayBackendTlsDefaults For(Gateway gateway)
    {
        var key = (TranslationContext.Namespace(gateway.Metadata), gateway.Metadata.Name);
        if (!_byGateway.TryGetValue(key, out var defaults))
        {
            defaults = gateway.Spec.Tls?.Backend is { } backend ? FromGateway(gateway, backend) : FromEnvoyProxy(gateway);
            _byGateway[key] = defaults;
        }
        return defaults;
    }

    private GatewayBackendTlsDefaults FromGateway(Gateway gateway, GatewayBackendTls backend)
    {
        var ns = TranslationContext.Namespace(gateway.Metadata);
        var field = $"Gateway {ns}/{gateway.Metadata.Name} spec.tls.backend.clientCertificateRef";
        if (backend.ClientCertificateRef is not { } reference)
        {
            return new GatewayBackendTlsDefaults(ClientCertificateChoice.None, null, null, null);
        }
        var resolved = clientCertificates.Resolve(new Referrer(ResourceKinds.GatewayApiGroup, "Gateway", ns, gateway.Metadata.Name), reference);
        if (resolved.Problem is not { } problem)
        {
            return new GatewayBackendTlsDefaults(new ClientCertificateChoice(resolved.Value, field, null), null, null, null);
        }
        var condition = context.Conditions.False(
            ConditionTypes.ResolvedRefs,
            problem.Kind == ReferenceProblemKind.NotPermitted ? Reasons.RefNotPermitted : BackendReasons.InvalidClientCertificateRef,
            $"spec.tls.backend.clientCertificateRef: {problem.Message}.",
            gateway.Metadata.Generation ?? 1);
        return new GatewayBackendTlsDefaults(
            new ClientCertificateChoice(null, $"none ({field} cannot be used; see the Gateway's ResolvedRefs)", null), null, null, condition);
    }

    private GatewayBackendTlsDefaults FromEnvoyProxy(Gateway gateway)
    {
        if (EnvoyProxyOf(gateway) is not { Spec.BackendTLS: { } backendTls } proxy)
        {
            return new GatewayBackendTlsDefaults(ClientCertificateChoice.None, null, null, null);
        }
        var ns = TranslationContext.Namespace(proxy.Metadata);
        var label = $"EnvoyProxy {ns}/{proxy.Metadata.Name} spec.backendTLS";
        var source = $"{label}.clientCertificateRef";
        var client = backendTls.ClientCertificateRef switch
        {
            null => ClientCertificateChoice.None,
            { Namespace: { } refNs } reference when refNs != ns => new ClientCertificateChoice(null, source,
                $"{source}: Secret {refNs}/{reference.Name} is not in the EnvoyProxy's namespace {ns}"),
            { } reference => clientCertificates.Resolve(new Referrer(ResourceKinds.EnvoyGatewayGroup, "EnvoyProxy", ns, proxy.Metadata.Name), reference) switch
            {
                { Problem: { } problem } => new ClientCertificateChoice(null, source, $"{source}: {problem.Message}"),
                { Value: var certificate } => new ClientCertificateChoice(certificate, source, null),
            },
        };
        return new GatewayBackendTlsDefaults(
            client,
            backendTls.MinVersion is null ? null : new VersionSetting(backendTls.MinVersion, label),
            backendTls.MaxVersion is null ? null : new VersionSetting(backendTls.MaxVersion, label),
            null);
    }

    private EnvoyProxy? EnvoyProxyOf(Gateway gateway)
    {
        var parameters = context.Snapshot.GatewayClasses
            .FirstOrDefault(c => c.Metadata.Name == gateway.Spec.GatewayClassName)?.Spec.ParametersRef;
        if (parameters is not { Group: ResourceKinds.EnvoyGatewayGroup, Kind: "EnvoyProxy", Namespace: { } ns })
        {
            return null;
        }
        return context.Snapshot.EnvoyProxies.FirstOrDefault(p =>
            TranslationContext.Namespace(p.Metadata) == ns && p.Metadata.Name == parameters.Name);
    }
}
