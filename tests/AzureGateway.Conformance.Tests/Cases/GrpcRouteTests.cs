using AzureGateway.Conformance.Tests.Harness;
using static AzureGateway.Conformance.Tests.Harness.Scenario;

namespace AzureGateway.Conformance.Tests.Cases;

/// <summary>
/// What the GRPCRoute spec says MUST happen in status: HTTP and HTTPS listeners support GRPCRoute unless their
/// allowedRoutes.kinds say otherwise; a GRPCRoute attaches, is counted and reports per parent as an HTTPRoute does
/// (hostname intersection, ReferenceGrant from GRPCRoute, backend kinds); and where an HTTPRoute and a GRPCRoute
/// meet on a listener's hostname, exactly one of them is accepted, the older, while the other says Accepted=False
/// and the accepted one keeps serving.
/// </summary>
public sealed class GrpcRouteTests(GrpcRouteTests.Gateway gateway) : IClassFixture<GrpcRouteTests.Gateway>
{
    public const string Web = "conformance-web";

    public static readonly Backend Echo = new(Infra, "grpc-echo");
    public static readonly Backend Site = new(Infra, "site");
    public static readonly Backend Granted = new(Web, "grpc-granted");
    public static readonly Backend HttpOnly = new(Web, "grpc-http-only");

    public sealed class Gateway : Scenario
    {
        protected override IEnumerable<Backend> Backends => [Echo, Site, Granted, HttpOnly];

        protected override string Manifests() => Manifest.Join(
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: grpc, namespace: conformance-infra}
            spec:
              gatewayClassName: conformance
              listeners:
              - {name: any, port: 80, protocol: HTTP}
              - {name: grpc-only, port: 81, protocol: HTTP, allowedRoutes: {kinds: [{kind: GRPCRoute}]}}
              - {name: http-only, port: 82, protocol: HTTP, allowedRoutes: {kinds: [{kind: HTTPRoute}]}}
              - {name: scoped, port: 83, protocol: HTTP, hostname: scoped.example.com}

            """,
            GrpcRoute("echo", "[{name: grpc, sectionName: any}]", "echo.example.com", "[{name: grpc-echo, port: 8080}]"),
            GrpcRoute("on-grpc-only", "[{name: grpc, sectionName: grpc-only}]", "echo.example.com", "[{name: grpc-echo, port: 8080}]"),
            GrpcRoute("on-http-only", "[{name: grpc, sectionName: http-only}]", "echo.example.com", "[{name: grpc-echo, port: 8080}]"),
            GrpcRoute("elsewhere", "[{name: grpc, sectionName: scoped}]", "other.example.com", "[{name: grpc-echo, port: 8080}]"),
            GrpcRoute("granted", "[{name: grpc, sectionName: grpc-only}]", "granted.example.com",
                "[{name: grpc-granted, namespace: conformance-web, port: 8080}]"),
            GrpcRoute("http-grant-only", "[{name: grpc, sectionName: grpc-only}]", "http-grant.example.com",
                "[{name: grpc-http-only, namespace: conformance-web, port: 8080}]"),
            GrpcRoute("unknown-kind", "[{name: grpc, sectionName: grpc-only}]", "kind.example.com",
                "[{group: unknown.example.com, kind: Widget, name: grpc-echo, port: 8080}]"),
            """
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata: {name: grpc-to-granted, namespace: conformance-web}
            spec:
              from: [{group: gateway.networking.k8s.io, kind: GRPCRoute, namespace: conformance-infra}]
              to: [{group: "", kind: Service, name: grpc-granted}]

            """,
            """
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata: {name: http-to-http-only, namespace: conformance-web}
            spec:
              from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: conformance-infra}]
              to: [{group: "", kind: Service, name: grpc-http-only}]

            """,
            // The HTTPRoute is older than the GRPCRoute on the same hostname of listener "any": it keeps it.
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: site, namespace: conformance-infra, creationTimestamp: "2025-01-01T00:00:00Z"}
            spec:
              parentRefs: [{name: grpc, sectionName: any}]
              hostnames: ["shared.example.com"]
              rules:
              - backendRefs: [{name: site, port: 8080}]

            """,
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GRPCRoute
            metadata: {name: late, namespace: conformance-infra, creationTimestamp: "2026-01-01T00:00:00Z"}
            spec:
              parentRefs: [{name: grpc, sectionName: any}]
              hostnames: ["*.example.com"]
              rules:
              - backendRefs: [{name: grpc-echo, port: 8080}]

            """);

        private static string GrpcRoute(string name, string parents, string hostname, string backendRefs) => $$$"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: GRPCRoute
            metadata: {name: {{{name}}}, namespace: conformance-infra}
            spec:
              parentRefs: {{{parents}}}
              hostnames: ["{{{hostname}}}"]
              rules:
              - matches: [{method: {service: echo.v1.Echo}}]
                backendRefs: {{{backendRefs}}}

            """;
    }

    [Fact, Trait(Feature.Trait, Feature.GrpcRoute)]
    public void AnHttpListenerWithoutAllowedKindsSupportsHttpRouteAndGrpcRoute()
    {
        var listener = gateway.Latest.Gateway("grpc").Listener("any");

        Assert.Equal(["HTTPRoute", "GRPCRoute"], listener.SupportedKinds.Select(k => k.Kind));
        Assert.True(listener.Conditions.Has("ResolvedRefs", "True"), listener.Conditions.Describe());
    }

    [Fact, Trait(Feature.Trait, Feature.GrpcRoute)]
    public void AListenerThatAllowsOnlyGrpcRouteIsValidAndCountsItsGrpcRoutes()
    {
        var listener = gateway.Latest.Gateway("grpc").Listener("grpc-only");

        Assert.Equal(["GRPCRoute"], listener.SupportedKinds.Select(k => k.Kind));
        Assert.True(listener.Conditions.Has("ResolvedRefs", "True"), listener.Conditions.Describe());
        Assert.Equal(4, listener.AttachedRoutes);
    }

    [Fact, Trait(Feature.Trait, Feature.GrpcRoute)]
    public void AGrpcRouteAttachesAndItsReferencesResolve()
    {
        var parent = gateway.Latest.GrpcRoute("echo").Parent("grpc", "any");

        Assert.True(parent?.Conditions.Has("Accepted", "True"), parent?.Conditions.Describe());
        Assert.True(parent?.Conditions.Has("ResolvedRefs", "True"), parent?.Conditions.Describe());
    }

    [Fact, Trait(Feature.Trait, Feature.GrpcRoute)]
    public void AListenerThatAllowsOnlyHttpRouteRefusesAGrpcRoute()
    {
        var parent = gateway.Latest.GrpcRoute("on-http-only").Parent("grpc", "http-only");

        Assert.True(parent?.Conditions.Has("Accepted", "False", "NotAllowedByListeners"), parent?.Conditions.Describe());
        Assert.Equal(0, gateway.Latest.Gateway("grpc").Listener("http-only").AttachedRoutes);
    }

    [Fact, Trait(Feature.Trait, Feature.GrpcRoute)]
    public void AGrpcRouteWhoseHostnamesMissTheListenersIsNotAccepted()
    {
        var parent = gateway.Latest.GrpcRoute("elsewhere").Parent("grpc", "scoped");

        Assert.True(parent?.Conditions.Has("Accepted", "False", "NoMatchingListenerHostname"), parent?.Conditions.Describe());
    }

    [Theory, Trait(Feature.Trait, Feature.GrpcRoute)]
    [InlineData("granted", "True", null)]
    [InlineData("http-grant-only", "False", "RefNotPermitted")]
    [InlineData("unknown-kind", "False", "InvalidKind")]
    public void ABackendRefIsResolvedAsTheSpecSays(string route, string status, string? reason)
    {
        var parent = gateway.Latest.GrpcRoute(route).Parent("grpc", "grpc-only");

        Assert.True(parent?.Conditions.Has("ResolvedRefs", status, reason), parent?.Conditions.Describe());
        Assert.True(parent?.Conditions.Has("Accepted", "True"), parent?.Conditions.Describe());
    }

    [Fact, Trait(Feature.Trait, Feature.GrpcRoute)]
    public async Task OfAnHttpRouteAndAGrpcRouteSharingAHostnameOnAListenerTheOlderIsAcceptedAndServes()
    {
        var answer = await gateway.SendAsync(new Request("shared.example.com"));

        Assert.Equal(200, answer.Status);
        Assert.Equal(Site.Identity, answer.Backend);
        var http = gateway.Latest.Route("site").Parent("grpc", "any");
        Assert.True(http?.Conditions.Has("Accepted", "True"), http?.Conditions.Describe());
        var grpc = gateway.Latest.GrpcRoute("late").Parent("grpc", "any");
        Assert.True(grpc?.Conditions.Has("Accepted", "False"), grpc?.Conditions.Describe());
    }
}
