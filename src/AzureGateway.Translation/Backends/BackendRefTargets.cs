using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Status;
using k8s.Models;

namespace AzureGateway.Translation.Backends;

/// <summary>What a usable backendRef points at: a Service port, or an Envoy Gateway Backend (and the port the ref names).</summary>
internal sealed record BackendTarget(TargetKey Use, V1Service? Service, V1ServicePort? ServicePort, JudgedBackend? Backend);

/// <summary>Why a backendRef cannot be used at all, as the route's ResolvedRefs reason and message.</summary>
internal sealed record BackendRefFailure(string Reason, string Message);

/// <summary>
/// Checks a backendRef in the order Envoy Gateway does (kind, ReferenceGrant, port, existence) and finds its
/// target. Messages are Envoy Gateway's where it has them.
/// </summary>
internal sealed class BackendRefTargets(TranslationContext context, EnvoyGatewayBackends backends)
{
    /// <param name="routeKind">The kind of the route holding the ref, which a ReferenceGrant's <c>from</c> must name.</param>
    public (BackendTarget? Target, BackendRefFailure? Failure) Find(V1ObjectMeta route, string routeKind, IBackendObjectReference backendRef)
    {
        var routeNamespace = TranslationContext.Namespace(route);
        var group = backendRef.Group ?? "";
        var kind = backendRef.Kind ?? "Service";
        var ns = backendRef.Namespace ?? routeNamespace;
        var name = backendRef.Name;
        var isService = group == "" && kind == "Service";
        if (!isService && !(group == ResourceKinds.EnvoyGatewayGroup && kind == "Backend"))
        {
            return Fail(BackendReasons.InvalidKind,
                $"{GroupKind.Describe(group, kind, ns, name)} is not a supported backend; use a Service or a {ResourceKinds.EnvoyGatewayGroup} Backend");
        }
        if (!context.ReferenceGrants.Permits(ResourceKinds.GatewayApiGroup, routeKind, routeNamespace, group, kind, ns, name))
        {
            return Fail(Reasons.RefNotPermitted, $"Backend ref to {kind} {ns}/{name} not permitted by any ReferenceGrant");
        }
        if (!isService)
        {
            return backends.Find(ns, name) is { } backend
                ? (new BackendTarget(new TargetKey(TargetKey.Backend, ns, name, backendRef.Port?.ToString()), null, null, backend), null)
                : Fail(BackendReasons.BackendNotFound, $"Backend {ns}/{name} not found");
        }
        if (backendRef.Port is not { } port)
        {
            return Fail(BackendReasons.PortNotSpecified, "A valid port number corresponding to a port on the Service must be specified");
        }
        if (context.Service(ns, name) is not { } service)
        {
            return Fail(BackendReasons.BackendNotFound, $"Service {ns}/{name} not found");
        }
        if (service.Spec?.Ports?.FirstOrDefault(p => p.Port == port) is not { } servicePort)
        {
            return Fail(BackendReasons.PortNotFound, $"Port {port} not found on Service {ns}/{name}");
        }
        return (new BackendTarget(new TargetKey(TargetKey.Service, ns, name, port.ToString()), service, servicePort, null), null);
    }

    private static (BackendTarget?, BackendRefFailure?) Fail(string reason, string message) => (null, new BackendRefFailure(reason, message));
}
