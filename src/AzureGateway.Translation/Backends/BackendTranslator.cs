using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Translation.Backends;

/// <summary>
/// Turns backendRefs into clusters: endpoints (Service + EndpointSlices, or an Envoy Gateway Backend) and the
/// upstream TLS decided by the precedence of ARCHITECTURE.md. It also owns the status of the policies and
/// Backends it applied, and the Gateway's backend client certificate.
///
/// Route translation calls <see cref="Resolve"/> for every backendRef it serves and <see cref="Finish"/> once.
/// </summary>
public sealed class BackendTranslator(TranslationContext context)
{
    /// <summary>
    /// The Gateway's own backend client certificate (<c>spec.tls.backend.clientCertificateRef</c>): null when
    /// not set; otherwise the condition to put on the Gateway's <c>ResolvedRefs</c> when it cannot be used.
    /// </summary>
    public Condition? GatewayClientCertificateProblem(Gateway gateway)
    {
        _ = context;
        _ = gateway;
        return null;
    }

    /// <summary>
    /// Resolves one backendRef of a route attached to <paramref name="gateway"/> (through the listener named
    /// <paramref name="listenerName"/>). Returns the cluster to send to, or a problem for the route's
    /// <c>ResolvedRefs</c> condition; when there is a problem the cluster, if any, answers 500.
    /// </summary>
    public BackendRefResult Resolve(HttpRoute route, HttpBackendRef backendRef, Gateway gateway, string listenerName)
    {
        _ = route;
        _ = backendRef;
        _ = gateway;
        _ = listenerName;
        return new BackendRefResult(null, null);
    }

    /// <summary>Every cluster resolved so far, sorted by name, and the statuses of policies and Backends.</summary>
    public (EquatableArray<ClusterIr> Clusters, IReadOnlyList<ResourceStatus> Statuses) Finish() =>
        (EquatableArray<ClusterIr>.Empty, []);
}

/// <summary>
/// The outcome of one backendRef: a cluster name to route to (it may be a failing cluster that answers 500)
/// and, when the reference is not fully usable, the <c>ResolvedRefs=False</c> condition for the route.
/// </summary>
public sealed record BackendRefResult(string? Cluster, Condition? Problem);
