using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Status;

namespace AzureGateway.Translation.Gateways;

/// <summary>
/// The <c>parametersRef</c> of a GatewayClass and of a Gateway (<c>spec.infrastructure.parametersRef</c>). The spec
/// rejects the resource (<c>Accepted=False</c>, InvalidParameters) when the reference names a kind the
/// implementation does not read, an object that does not exist, or a namespaced object without its namespace,
/// rather than serving it without the parameters it asked for. The one kind read is Envoy Gateway's EnvoyProxy
/// named by a GatewayClass (for its <c>backendTLS</c>); nothing is read through a Gateway's own reference.
/// </summary>
public static class ParametersRefs
{
    private const string EnvoyProxyKind = "EnvoyProxy";

    /// <summary>Why a GatewayClass's <c>spec.parametersRef</c> cannot be used, or null when it is unset or usable.</summary>
    public static StatusProblem? ClassProblem(ParametersReference? reference, ResourceSnapshot snapshot)
    {
        if (reference is null)
        {
            return null;
        }
        if (reference.Group != ResourceKinds.EnvoyGatewayGroup || reference.Kind != EnvoyProxyKind)
        {
            return Invalid($"spec.parametersRef names {Describe(reference.Group, reference.Kind, reference.Name)}, a kind this gateway does not read; " +
                $"the one kind it reads is {EnvoyProxyKind} ({ResourceKinds.EnvoyGatewayGroup})");
        }
        if (string.IsNullOrEmpty(reference.Namespace))
        {
            return Invalid($"spec.parametersRef names {EnvoyProxyKind} {reference.Name} without a namespace; an {EnvoyProxyKind} is namespaced");
        }
        return snapshot.EnvoyProxies.Any(p => TranslationContext.Namespace(p.Metadata) == reference.Namespace && p.Metadata.Name == reference.Name)
            ? null
            : Invalid($"spec.parametersRef names {EnvoyProxyKind} {reference.Namespace}/{reference.Name}, which does not exist");
    }

    /// <summary>
    /// Why a Gateway's <c>spec.infrastructure.parametersRef</c> cannot be used, or null when it is unset. This
    /// gateway provisions nothing per Gateway, so there is no kind it reads there.
    /// </summary>
    public static StatusProblem? GatewayProblem(LocalParametersReference? reference) => reference is null
        ? null
        : Invalid($"spec.infrastructure.parametersRef names {Describe(reference.Group, reference.Kind, reference.Name)}, but this gateway reads no " +
            $"parameters for a Gateway (an {EnvoyProxyKind} is read through the GatewayClass's parametersRef); remove the reference");

    private static StatusProblem Invalid(string message) => new(Reasons.InvalidParameters, message);

    private static string Describe(string group, string kind, string name) =>
        $"{kind} {name} ({(group.Length == 0 ? "core group" : $"group {group}")})";
}
