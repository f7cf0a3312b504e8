using AzureGateway.Model.GatewayApi;
using k8s;
using k8s.Models;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// A route of any kind (HTTPRoute, GRPCRoute, TLSRoute) as the machinery the kinds share reads it: attachment to parents,
/// backendRef and mirror resolution, status. <c>Rules</c> are the spec's rules, one for one. A GRPCRoute's filters
/// are read as HTTPRoute filters: its four filter types carry the very same settings objects, so a mirror's
/// backendRef is the route's own object either way.
/// </summary>
public sealed record RouteSource(
    string Kind,
    IKubernetesObject<V1ObjectMeta> Resource,
    IReadOnlyList<ParentReference> ParentRefs,
    IReadOnlyList<string> Hostnames,
    IReadOnlyList<RouteRuleSource> Rules)
{
    public const string HttpRouteKind = "HTTPRoute";
    public const string GrpcRouteKind = "GRPCRoute";
    public const string TlsRouteKind = "TLSRoute";

    public V1ObjectMeta Metadata => Resource.Metadata;

    public bool IsGrpc => Kind == GrpcRouteKind;

    public override string ToString() => $"{Kind} {TranslationContext.Namespace(Metadata)}/{Metadata.Name}";

    public static RouteSource Of(HttpRoute route) => new(
        HttpRouteKind, route, route.Spec.ParentRefs ?? [], route.Spec.Hostnames ?? [],
        [.. (route.Spec.Rules ?? []).Select(rule => new RouteRuleSource(rule.Filters ?? [], RouteBackendRef.Of(rule.BackendRefs)))]);

    public static RouteSource Of(GrpcRoute route) => new(
        GrpcRouteKind, route, route.Spec.ParentRefs ?? [], route.Spec.Hostnames ?? [],
        [.. (route.Spec.Rules ?? []).Select(rule => new RouteRuleSource(GrpcFilters.AsHttp(rule.Filters), RouteBackendRef.Of(rule.BackendRefs)))]);

    /// <summary>A TLSRoute: backendRefs without filters.</summary>
    public static RouteSource Of(TlsRoute route) => new(
        TlsRouteKind, route, route.Spec.ParentRefs ?? [], route.Spec.Hostnames ?? [],
        [.. (route.Spec.Rules ?? []).Select(rule => new RouteRuleSource([], [.. (rule.BackendRefs ?? []).Select(r => new RouteBackendRef(r, r.Weight, []))]))]);
}

/// <summary>A rule's references: its filters (mirrors, ExtensionRefs) and backendRefs, in the spec's order.</summary>
public sealed record RouteRuleSource(IReadOnlyList<HttpRouteFilter> Filters, IReadOnlyList<RouteBackendRef> BackendRefs);

/// <summary>One backendRef of a rule: the route's own reference object, its weight and its filters.</summary>
public sealed record RouteBackendRef(IBackendObjectReference Ref, int? Weight, IReadOnlyList<HttpRouteFilter> Filters)
{
    public static IReadOnlyList<RouteBackendRef> Of(List<HttpBackendRef>? refs) =>
        [.. (refs ?? []).Select(r => new RouteBackendRef(r, r.Weight, r.Filters ?? []))];

    public static IReadOnlyList<RouteBackendRef> Of(List<GrpcBackendRef>? refs) =>
        [.. (refs ?? []).Select(r => new RouteBackendRef(r, r.Weight, GrpcFilters.AsHttp(r.Filters)))];
}

/// <summary>
/// A GRPCRoute filter list read as an HTTPRoute one, so that one translator checks and applies both: the types a
/// GRPCRoute allows are a subset of HTTPRoute's, with the same settings types, and the settings objects are shared.
/// </summary>
public static class GrpcFilters
{
    public static List<HttpRouteFilter> AsHttp(List<GrpcRouteFilter>? filters) =>
    [
        .. (filters ?? []).Select(f => new HttpRouteFilter
        {
            Type = f.Type,
            RequestHeaderModifier = f.RequestHeaderModifier,
            ResponseHeaderModifier = f.ResponseHeaderModifier,
            RequestMirror = f.RequestMirror,
            ExtensionRef = f.ExtensionRef,
        }),
    ];
}
