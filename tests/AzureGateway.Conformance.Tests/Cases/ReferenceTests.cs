using AzureGateway.Conformance.Tests.Harness;
using static AzureGateway.Conformance.Tests.Harness.Scenario;

namespace AzureGateway.Conformance.Tests.Cases;

/// <summary>
/// References from routes: to backends (missing, of an unknown kind, in another namespace with and without a
/// ReferenceGrant) and to parents (another namespace, a listener or port that does not exist), with the
/// statuses they get and what requests meet.
/// </summary>
public sealed class ReferenceTests(ReferenceTests.Gateway gateway) : IClassFixture<ReferenceTests.Gateway>
{
    public const string Web = "conformance-web";

    public static readonly Backend One = new(Infra, "app-one");
    public static readonly Backend Granted = new(Web, "app-granted");
    public static readonly Backend Ungranted = new(Web, "app-ungranted");

    public sealed class Gateway : Scenario
    {
        protected override IEnumerable<Backend> Backends => [One, Granted, Ungranted];

        protected override string Manifests() => Manifest.Join(
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: own-namespace, namespace: conformance-infra}
            spec:
              gatewayClassName: conformance
              listeners:
              - {name: http, port: 80, protocol: HTTP}

            """,
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: open, namespace: conformance-infra}
            spec:
              gatewayClassName: conformance
              listeners:
              - {name: http, port: 82, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}

            """,
            Route("missing-backend", Infra, "missing.example.com", "[{name: own-namespace}]", "- backendRefs: [{name: no-such-service, port: 8080}]"),
            Route("unknown-kind", Infra, "kind.example.com", "[{name: own-namespace}]", "- backendRefs: [{group: unknown.example.com, kind: Widget, name: app-one, port: 8080}]"),
            Route("not-granted", Infra, "ungranted.example.com", "[{name: own-namespace}]", "- backendRefs: [{name: app-ungranted, namespace: conformance-web, port: 8080}]"),
            Route("granted", Infra, "granted.example.com", "[{name: own-namespace}]", "- backendRefs: [{name: app-granted, namespace: conformance-web, port: 8080}]"),
            Route("partly-granted", Infra, "partly.example.com", "[{name: own-namespace}]", """
                - matches: [{path: {type: PathPrefix, value: /allowed}}]
                  backendRefs: [{name: app-granted, namespace: conformance-web, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /refused}}]
                  backendRefs: [{name: app-ungranted, namespace: conformance-web, port: 8080}]
                """),
            """
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata: {name: routes-to-granted, namespace: conformance-web}
            spec:
              from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: conformance-infra}]
              to: [{group: "", kind: Service, name: app-granted}]

            """,
            Route("from-elsewhere", Web, "elsewhere.example.com", "[{name: own-namespace, namespace: conformance-infra}]", "- backendRefs: [{name: app-granted, port: 8080}]"),
            Route("from-elsewhere-open", Web, "elsewhere.example.com", "[{name: open, namespace: conformance-infra}]", "- backendRefs: [{name: app-granted, port: 8080}]"),
            Route("no-such-listener", Infra, "nolistener.example.com", "[{name: own-namespace, sectionName: nope}]", "- backendRefs: [{name: app-one, port: 8080}]"),
            Route("no-such-port", Infra, "noport.example.com", "[{name: own-namespace, port: 8081}]", "- backendRefs: [{name: app-one, port: 8080}]"),
            Route("right-port", Infra, "port.example.com", "[{name: own-namespace, port: 80}]", "- backendRefs: [{name: app-one, port: 8080}]"),
            Route("listener-and-wrong-port", Infra, "sectionport.example.com", "[{name: own-namespace, sectionName: http, port: 8081}]", "- backendRefs: [{name: app-one, port: 8080}]"));

        private static string Route(string name, string @namespace, string hostname, string parents, string rules) =>
            $"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: {name}, namespace: {@namespace}}}\nspec:\n" +
            $"  parentRefs: {parents}\n  hostnames: [\"{hostname}\"]\n  rules:\n" +
            string.Concat(rules.Split('\n').Select(line => "  " + line + "\n"));
    }

    [Theory, Trait(Feature.Trait, Feature.Core)]
    [InlineData("missing-backend", "missing.example.com", "BackendNotFound")]
    [InlineData("unknown-kind", "kind.example.com", "InvalidKind")]
    [InlineData("not-granted", "ungranted.example.com", "RefNotPermitted")]
    public async Task ABackendThatCannotBeUsedIsReportedAndItsRequestsGet500(string route, string host, string reason)
    {
        var answer = await gateway.SendAsync(new Request(host));

        Assert.Equal(500, answer.Status);
        Assert.Null(answer.Backend);
        var parent = gateway.Latest.Route(route).Parent("own-namespace");
        Assert.True(parent?.Conditions.Has("ResolvedRefs", "False", reason), parent?.Conditions.Describe());
        Assert.True(parent?.Conditions.Has("Accepted", "True"), parent?.Conditions.Describe());
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public async Task AReferenceGrantLetsARouteUseABackendInAnotherNamespace()
    {
        var answer = await gateway.SendAsync(new Request("granted.example.com"));

        Assert.Equal(200, answer.Status);
        Assert.Equal(Granted.Identity, answer.Backend);
        var parent = gateway.Latest.Route("granted").Parent("own-namespace");
        Assert.True(parent?.Conditions.Has("ResolvedRefs", "True"), parent?.Conditions.Describe());
    }

    [Theory, Trait(Feature.Trait, Feature.Core)]
    [InlineData("/allowed", 200)]
    [InlineData("/refused", 500)]
    public async Task ABackendAReferenceGrantDoesNotCoverFailsOnlyItsOwnRule(string path, int status)
    {
        var answer = await gateway.SendAsync(new Request("partly.example.com", path));

        Assert.Equal(status, answer.Status);
        Assert.Equal(status == 200 ? Granted.Identity : null, answer.Backend);
        var parent = gateway.Latest.Route("partly-granted").Parent("own-namespace");
        Assert.True(parent?.Conditions.Has("ResolvedRefs", "False", "RefNotPermitted"), parent?.Conditions.Describe());
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public async Task ARouteFromANamespaceTheListenerDoesNotAllowIsNotAccepted()
    {
        var answer = await gateway.SendAsync(new Request("elsewhere.example.com"));

        Assert.Equal(404, answer.Status);
        var parent = gateway.Latest.Route("from-elsewhere", Web).Parent("own-namespace");
        Assert.True(parent?.Conditions.Has("Accepted", "False", "NotAllowedByListeners"), parent?.Conditions.Describe());
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public async Task ARouteFromAnotherNamespaceServesThroughAListenerThatAllowsAll()
    {
        var answer = await gateway.SendAsync(new Request("elsewhere.example.com") { Port = 82 });

        Assert.Equal(200, answer.Status);
        Assert.Equal(Granted.Identity, answer.Backend);
        Assert.Equal(1, gateway.Latest.Gateway("open").Listener("http").AttachedRoutes);
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public async Task AParentReferenceToAListenerThatDoesNotExistIsNotAccepted()
    {
        var answer = await gateway.SendAsync(new Request("nolistener.example.com"));

        Assert.Equal(404, answer.Status);
        var parent = gateway.Latest.Route("no-such-listener").Parent("own-namespace", "nope");
        Assert.True(parent?.Conditions.Has("Accepted", "False", "NoMatchingParent"), parent?.Conditions.Describe());
    }

    [Theory, Trait(Feature.Trait, Feature.HttpRouteParentRefPort)]
    [InlineData("no-such-port", "noport.example.com", null, 8081, false)]
    [InlineData("listener-and-wrong-port", "sectionport.example.com", "http", 8081, false)]
    [InlineData("right-port", "port.example.com", null, 80, true)]
    public async Task AParentReferenceByPortAttachesOnlyToListenersOnThatPort(string route, string host, string? section, int port, bool attached)
    {
        var answer = await gateway.SendAsync(new Request(host));

        Assert.Equal(attached ? 200 : 404, answer.Status);
        var parent = gateway.Latest.Route(route).Parent("own-namespace", section, port);
        Assert.True(attached
            ? parent?.Conditions.Has("Accepted", "True")
            : parent?.Conditions.Has("Accepted", "False", "NoMatchingParent"), parent?.Conditions.Describe());
    }

    [Theory, Trait(Feature.Trait, Feature.Core)]
    [InlineData("missing-backend", "own-namespace", null, null)]
    [InlineData("from-elsewhere", "own-namespace", null, null)]
    [InlineData("no-such-listener", "own-namespace", "nope", null)]
    public void EveryRouteParentHasAResolvedRefsCondition(string route, string gatewayName, string? section, int? port)
    {
        var status = gateway.Latest.Route(route, route == "from-elsewhere" ? Web : Infra);
        var parent = status.Parent(gatewayName, section, port);

        Assert.True(parent?.Conditions.Condition("ResolvedRefs") is not null, parent?.Conditions.Describe());
    }
}
