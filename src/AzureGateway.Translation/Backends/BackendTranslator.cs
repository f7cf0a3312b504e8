using AzureGateway.Certificates;
using AzureGateway.IR;
using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;
using AzureGateway.Translation.Gateways;
using AzureGateway.Translation.Policies;
using AzureGateway.Translation.Routes;
using AzureGateway.Translation.Status;
using AzureGateway.Translation.TlsRoutes;
using k8s.Models;

namespace AzureGateway.Translation.Backends;

/// <summary>
/// Turns backendRefs into clusters: endpoints (Service + EndpointSlices, or an Envoy Gateway Backend) and the
/// upstream TLS decided by the precedence of ARCHITECTURE.md, one setting at a time:
/// <list type="bullet">
/// <item>TLS on, SNI and verification: the policy (Gateway API or ALB) owning the Service or Backend port,
/// else the one owning the whole object, else the Backend's <c>spec.tls</c>; none of them means plain HTTP.</item>
/// <item>Client certificate: the backend's own (the ALB policy's, the Backend's), else the Gateway's default
/// (<see cref="GatewayBackendTlsDefaultsResolver"/>). It never turns TLS on.</item>
/// <item>Versions: the Backend's <c>spec.tls</c>, else the EnvoyProxy's, else 1.2 to 1.3.</item>
/// <item>HTTP version: the Service port's <c>appProtocol</c> (<see cref="ServicePortProtocol"/>); a Backend's <c>spec.tls.alpnProtocols</c>.</item>
/// </list>
/// A setting that cannot be honoured makes the cluster answer 500; nothing falls back to plain text, to no
/// verification or to another client identity. Clusters are per Gateway, because the client certificate is.
///
/// Route translation calls <see cref="Resolve"/> for every backendRef it serves and <see cref="Finish"/> once.
/// A cluster any GRPCRoute reaches speaks HTTP/2 (gRPC needs it), whatever the backend declares and whichever
/// other routes share it.
/// </summary>
public sealed class BackendTranslator
{
    private readonly TranslationContext _context;
    private readonly BackendTlsPolicyIndex _policies;
    private readonly EnvoyGatewayBackends _backends;
    private readonly BackendRefTargets _targets;
    private readonly GatewayBackendTlsDefaultsResolver _gatewayDefaults;
    private readonly PolicyStatusWriter _statuses;
    private readonly HealthCheckPolicyTranslator _healthChecks;
    private readonly Dictionary<string, ClusterIr> _clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ClusterIr Cluster, string? Reason, string? UnknownProtocol)> _resolved = new(StringComparer.Ordinal);
    private readonly HashSet<string> _grpc = new(StringComparer.Ordinal);

    public BackendTranslator(TranslationContext context)
    {
        _context = context;
        var caCertificates = new CaCertificateResolver(context);
        var clientCertificates = new ClientCertificateResolver(context);
        _policies = new BackendTlsPolicyIndex(context, caCertificates, clientCertificates);
        _backends = new EnvoyGatewayBackends(context, caCertificates, clientCertificates);
        _targets = new BackendRefTargets(context, _backends);
        _gatewayDefaults = new GatewayBackendTlsDefaultsResolver(context, clientCertificates);
        _statuses = new PolicyStatusWriter(context);
        _healthChecks = new HealthCheckPolicyTranslator(context);
    }

    /// <summary>
    /// The Gateway's own backend client certificate (<c>spec.tls.backend.clientCertificateRef</c>): the
    /// <c>ResolvedRefs=False</c> condition for the Gateway when it is set and cannot be used
    /// (InvalidClientCertificateRef, or RefNotPermitted across namespaces without a ReferenceGrant); null when
    /// it is not set or is usable. A bad reference leaves the Gateway's backends without a client certificate.
    /// </summary>
    public Condition? GatewayClientCertificateProblem(Gateway gateway) => _gatewayDefaults.For(gateway).GatewayProblem;

    /// <summary>
    /// Resolves one backendRef of a route attached to <paramref name="gateway"/>; see <see cref="BackendRefResult"/>.
    /// <paramref name="backendRef"/> must be one of <paramref name="route"/>'s own objects, a backendRef or a
    /// RequestMirror filter's backendRef: its position names it in messages. <paramref name="listenerName"/> does
    /// not change the result: clusters and policy ancestors are per Gateway.
    /// </summary>
    public BackendRefResult Resolve(RouteSource route, IBackendObjectReference backendRef, Gateway gateway, string listenerName)
    {
        var result = Resolve(route, backendRef, gateway);
        if (route.IsGrpc)
        {
            _grpc.Add(result.Cluster);
        }
        return result;
    }

    private BackendRefResult Resolve(RouteSource route, IBackendObjectReference backendRef, Gateway gateway)
    {
        var (path, label) = Position(route, backendRef);
        var generation = route.Metadata.Generation ?? 1;
        var (target, refFailure) = _targets.Find(route, backendRef);
        if (target is null)
        {
            // Routes of two kinds may share a namespace and name; failure clusters of the newer kinds say which they serve.
            var kind = route.Kind == RouteSource.HttpRouteKind ? "" : $"{route.Kind.ToLowerInvariant()}/";
            var name = $"invalid/{kind}{TranslationContext.Namespace(route.Metadata)}/{route.Metadata.Name}/{path}";
            _clusters.TryAdd(name, new ClusterIr { Name = name, Failure = refFailure!.Message });
            return new BackendRefResult(name, _context.Conditions.False(ConditionTypes.ResolvedRefs, refFailure.Reason, refFailure.Message, generation));
        }

        _statuses.RecordUse(target.Use, gateway);
        var clusterName = ClusterName(gateway, target);
        // The name is the Gateway and the target: the cluster is built once and every later ref reuses it.
        if (!_resolved.TryGetValue(clusterName, out var resolved))
        {
            resolved = Cluster(clusterName, target, gateway);
            _resolved[clusterName] = resolved;
            _clusters.TryAdd(clusterName, resolved.Cluster);
        }
        var (cluster, reason, unknownProtocol) = resolved;
        if (cluster.Failure is not null)
        {
            return new BackendRefResult(cluster.Name, _context.Conditions.False(ConditionTypes.ResolvedRefs, reason!,
                $"Failed to process route {label}: {cluster.Failure}", generation));
        }
        return unknownProtocol is null
            ? new BackendRefResult(cluster.Name, null)
            : new BackendRefResult(cluster.Name, _context.Conditions.False(ConditionTypes.ResolvedRefs, Reasons.UnsupportedProtocol,
                $"Route {label}: Service {target.Use.Namespace}/{target.Use.Name} port {target.ServicePort!.Port} has appProtocol \"{unknownProtocol}\", "
                + "which this gateway does not know; it is spoken to in HTTP/1.1 (in HTTP/2 where a GRPCRoute reaches it)", generation));
    }

    /// <summary>
    /// The problems of the backendRefs of every rule of <paramref name="route"/> judged as references only (kind,
    /// ReferenceGrant, port, existence), for a parent that does not accept the route: the spec wants ResolvedRefs
    /// on every parent, and nothing is built for the data plane or recorded as a policy's use. Zero-weight refs
    /// are skipped as where the route is served; RequestMirror filters' backendRefs count like backendRefs.
    /// </summary>
    public IEnumerable<StatusProblem> ReferenceProblems(RouteSource route) =>
        from backendRef in References(route)
        let failure = _targets.Find(route, backendRef).Failure
        where failure is not null
        select new StatusProblem(failure.Reason, failure.Message);

    /// <summary>A cluster <see cref="Resolve(RouteSource, IBackendObjectReference, Gateway, string)"/> named.</summary>
    public ClusterIr Cluster(string name) => _clusters[name];

    private static IEnumerable<IBackendObjectReference> References(RouteSource route)
    {
        foreach (var rule in route.Rules)
        {
            foreach (var mirror in Mirrors(rule.Filters))
            {
                yield return mirror;
            }
            foreach (var backendRef in rule.BackendRefs.Where(r => r.Weight != 0))
            {
                yield return backendRef.Ref;
                foreach (var mirror in Mirrors(backendRef.Filters))
                {
                    yield return mirror;
                }
            }
        }
    }

    private static IEnumerable<IBackendObjectReference> Mirrors(IReadOnlyList<HttpRouteFilter> filters) =>
        filters.Select(f => f.RequestMirror?.BackendRef).OfType<IBackendObjectReference>();

    /// <summary>Every cluster resolved so far, sorted by name, and the statuses of policies (TLS, health checks) and Backends.</summary>
    public (EquatableArray<ClusterIr> Clusters, IReadOnlyList<ResourceStatus> Statuses) Finish() =>
        (_clusters.Values
            .Select(c => c with { Protocol = Spoken(c.Protocol, _grpc.Contains(c.Name)) })
            .OrderBy(c => c.Name, StringComparer.Ordinal).ToList(),
         [.. _statuses.Write(_policies.Policies, _backends.All), .. _healthChecks.Statuses()]);

    /// <summary>
    /// The HTTP version a cluster is spoken to in, decided here only: what its backend declares (<see cref="Cluster(string, BackendTarget, Gateway)"/>),
    /// except that a cluster any GRPCRoute reaches speaks HTTP/2, which gRPC needs. Known only once every route is
    /// resolved, since HTTPRoutes and GRPCRoutes may share a backend.
    /// </summary>
    private static BackendProtocolIr Spoken(BackendProtocolIr declared, bool reachedByGrpc) => reachedByGrpc ? BackendProtocolIr.Http2 : declared;

    /// <summary>
    /// The cluster with the HTTP version its backend declares, the reason of its failure when it has one, and an
    /// <c>appProtocol</c> it was served despite not knowing.
    /// </summary>
    private (ClusterIr Cluster, string? Reason, string? UnknownProtocol) Cluster(string name, BackendTarget target, Gateway gateway)
    {
        if (target.Backend is { Problem: { } problem } rejected)
        {
            return (new ClusterIr { Name = name, Failure = $"{rejected.Label} is not accepted: {problem}" }, BackendReasons.InvalidBackendRef, null);
        }
        var tls = Tls(target, gateway);
        if (tls is { Error: { } failure })
        {
            return (new ClusterIr { Name = name, Failure = failure }, BackendReasons.InvalidBackendTls, null);
        }
        var (protocol, unknownProtocol) = target.ServicePort is { } port
            ? ServicePortProtocol.Of(port)
            : (target.Backend?.Protocol ?? BackendProtocolIr.Http11, null);
        var endpoints = target.Backend?.Endpoints ?? ServiceEndpoints.For(_context, target.Service!, target.ServicePort!);
        return (new ClusterIr
        {
            Name = name,
            Endpoints = endpoints,
            Tls = tls?.Value,
            Protocol = protocol,
            HealthCheck = target.Use.Kind == TargetKey.Service ? _healthChecks.For(target.Use.Namespace, target.Use.Name, endpoints, tls?.Value) : null,
        }, null, unknownProtocol);
    }

    /// <summary>Null for plain HTTP; otherwise the TLS settings or why they cannot be honoured.</summary>
    private Result<UpstreamTlsIr>? Tls(BackendTarget target, Gateway gateway)
    {
        var portOwner = _policies.Owner(target.Use);
        var wholeOwner = _policies.Owner(target.Use.Whole);
        var policy = portOwner ?? wholeOwner;
        var backend = target.Backend;
        if ((policy?.Validation ?? backend?.Validation) is not { } validation)
        {
            return null;
        }
        if (validation.Error is not null)
        {
            return Result<UpstreamTlsIr>.Fail(validation.Error);
        }
        var server = validation.Value!;
        if (policy is not null && backend is { InsecureSkipVerify: true })
        {
            // The policy is the more specific statement of how to verify; an opt-out elsewhere does not weaken it.
            server = server with { Source = $"{server.Source} (overrides {backend.Label} spec.tls.insecureSkipVerify)" };
        }
        var defaults = _gatewayDefaults.For(gateway);
        var client = backend?.ClientCertificate
            ?? portOwner?.ClientCertificate
            ?? wholeOwner?.ClientCertificate
            ?? defaults.ClientCertificate;
        return UpstreamTlsBuilder.Build(server, client, backend?.MinVersion ?? defaults.MinVersion, backend?.MaxVersion ?? defaults.MaxVersion);
    }

    private static string ClusterName(Gateway gateway, BackendTarget target)
    {
        var kind = target.Use.Kind == TargetKey.Service ? "service" : "backend";
        var port = target.Use.Section is null ? "" : $"/{target.Use.Section}";
        return $"{TranslationContext.Namespace(gateway.Metadata)}/{gateway.Metadata.Name}/{kind}/{target.Use.Namespace}/{target.Use.Name}{port}";
    }

    /// <summary>
    /// Where the ref is in the route: a path for the name of its failure cluster (<c>rule/0/backend/1</c>,
    /// <c>rule/0/mirror/2</c>, <c>rule/0/backend/1/mirror/0</c>) and words for messages.
    /// </summary>
    private static (string Path, string Label) Position(RouteSource route, IBackendObjectReference backendRef)
    {
        var rules = route.Rules;
        for (var rule = 0; rule < rules.Count; rule++)
        {
            if (MirrorIndex(rules[rule].Filters, backendRef) is { } ruleMirror)
            {
                return ($"rule/{rule}/mirror/{ruleMirror}", $"rule {rule} RequestMirror filter {ruleMirror}");
            }
            var backendRefs = rules[rule].BackendRefs;
            for (var index = 0; index < backendRefs.Count; index++)
            {
                if (ReferenceEquals(backendRefs[index].Ref, backendRef))
                {
                    return ($"rule/{rule}/backend/{index}", $"rule {rule} backendRef {index}");
                }
                if (MirrorIndex(backendRefs[index].Filters, backendRef) is { } mirror)
                {
                    return ($"rule/{rule}/backend/{index}/mirror/{mirror}", $"rule {rule} backendRef {index} RequestMirror filter {mirror}");
                }
            }
        }
        throw new ArgumentException($"the backendRef is not one of {route}'s own", nameof(backendRef));
    }

    private static int? MirrorIndex(IReadOnlyList<HttpRouteFilter> filters, IBackendObjectReference backendRef)
    {
        for (var i = 0; i < filters.Count; i++)
        {
            if (ReferenceEquals(filters[i].RequestMirror?.BackendRef, backendRef))
            {
                return i;
            }
        }
        return null;
    }
}
