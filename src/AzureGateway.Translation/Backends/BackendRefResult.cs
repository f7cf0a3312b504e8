using AzureGateway.Model;

namespace AzureGateway.Translation.Backends;

/// <summary>
/// The outcome of one backendRef. <c>Cluster</c> is never null: it is always the name of a cluster that
/// <see cref="BackendTranslator.Finish"/> returns, so the route sends this backendRef's share of traffic there
/// and needs no name of its own. When the backendRef cannot be served as written, that cluster carries a
/// <c>Failure</c> (the data plane answers 500 and never contacts a backend) and <c>Problem</c> is the
/// <c>ResolvedRefs=False</c> condition for the route's parent status: BackendNotFound, InvalidKind,
/// RefNotPermitted, PortNotSpecified or PortNotFound when the reference itself is unusable (cluster
/// <c>invalid/&lt;route ns&gt;/&lt;route name&gt;/rule/&lt;i&gt;/backend/&lt;j&gt;</c>, or <c>.../mirror/&lt;k&gt;</c> for a
/// RequestMirror filter's backendRef); InvalidBackendRef for an Envoy
/// Gateway Backend that is not accepted; InvalidBackendTLS when the backend's TLS settings cannot be honoured.
/// <c>Problem</c> is null when the cluster is usable as written; it is also set, for a usable cluster, to
/// <c>ResolvedRefs=False/UnsupportedProtocol</c> when the Service port's <c>appProtocol</c> is one this gateway does not
/// know (GEP-1911): the backend is then spoken to in HTTP/1.1.
/// </summary>
public sealed record BackendRefResult(string Cluster, Condition? Problem);
