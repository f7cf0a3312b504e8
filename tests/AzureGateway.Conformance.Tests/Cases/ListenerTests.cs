using AzureGateway.Conformance.Tests.Harness;
using static AzureGateway.Conformance.Tests.Harness.Scenario;

namespace AzureGateway.Conformance.Tests.Cases;

/// <summary>Listener host names: which listener a request belongs to, how route host names intersect with them, isolation.</summary>
public sealed class ListenerTests(ListenerTests.Gateway gateway) : IClassFixture<ListenerTests.Gateway>
{
    public static readonly Backend One = new(Infra, "app-one");
    public static readonly Backend Two = new(Infra, "app-two");
    public static readonly Backend Three = new(Infra, "app-three");
    public static readonly Backend Four = new(Infra, "app-four");

    public sealed class Gateway : Scenario
    {
        protected override IEnumerable<Backend> Backends => [One, Two, Three, Four];

        protected override string Manifests() => Manifest.Join(
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: by-name, namespace: conformance-infra}
            spec:
              gatewayClassName: conformance
              listeners:
              - {name: exact, port: 80, protocol: HTTP, hostname: very.example.net}
              - {name: wild, port: 80, protocol: HTTP, hostname: "*.example.net"}
              - {name: other, port: 80, protocol: HTTP, hostname: "*.example.org"}

            """,
            Route("to-exact", "sectionName: exact", null, "/", "app-one"),
            Route("to-wild", "sectionName: wild", null, "/", "app-two"),
            Route("to-other", "sectionName: other", null, "/", "app-three"),
            Route("intersecting", null, "[\"x.example.net\", \"*.deep.example.org\", \"unrelated.example.com\"]", "/intersect", "app-four"),
            Route("disjoint", null, "[\"nowhere.example.com\"]", "/", "app-four"),
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: isolated, namespace: conformance-infra}
            spec:
              gatewayClassName: conformance
              listeners:
              - {name: any, port: 81, protocol: HTTP}
              - {name: wide, port: 81, protocol: HTTP, hostname: "*.example.com"}
              - {name: narrow, port: 81, protocol: HTTP, hostname: "*.foo.example.com"}
              - {name: single, port: 81, protocol: HTTP, hostname: abc.foo.example.com}

            """,
            Isolated("any"), Isolated("wide"), Isolated("narrow"), Isolated("single"),
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: wide-with-names, namespace: conformance-infra}
            spec:
              parentRefs: [{name: isolated, sectionName: wide}]
              hostnames: [named.example.com, abc.foo.example.com, y.foo.example.com]
              rules:
              - matches: [{path: {type: PathPrefix, value: /named}}]
                backendRefs: [{name: app-two, port: 8080}]

            """);

        private static string Route(string name, string? section, string? hostnames, string prefix, string backend) => $$"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: {{name}}, namespace: conformance-infra}
            spec:
              parentRefs: [{name: by-name{{(section is null ? "" : ", " + section)}}}]
            {{(hostnames is null ? "" : "  hostnames: " + hostnames)}}
              rules:
              - matches: [{path: {type: PathPrefix, value: {{prefix}} } }]
                backendRefs: [{name: {{backend}}, port: 8080}]

            """;

        /// <summary>A route without host names on one listener of the isolated Gateway, answering under /LISTENER.</summary>
        private static string Isolated(string listener) => $$"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: isolated-{{listener}}, namespace: conformance-infra}
            spec:
              parentRefs: [{name: isolated, sectionName: {{listener}}}]
              rules:
              - matches: [{path: {type: PathPrefix, value: /{{listener}} } }]
                backendRefs: [{name: app-one, port: 8080}]

            """;
    }

    [Theory, Trait(Feature.Trait, Feature.Core)]
    [InlineData("very.example.net", "conformance-infra/app-one")]
    [InlineData("a.example.net", "conformance-infra/app-two")]
    [InlineData("b.a.example.net", "conformance-infra/app-two")]
    [InlineData("x.example.org", "conformance-infra/app-three")]
    [InlineData("example.net", null)]
    [InlineData("example.org", null)]
    [InlineData("x.example.com", null)]
    public async Task ARequestIsServedByTheRoutesOfTheListenerItsHostNameMatches(string host, string? backend)
    {
        var answer = await gateway.SendUntilAsync(new Request(host), a => a.Status != 503);

        Assert.Equal(backend is null ? 404 : 200, answer.Status);
        Assert.Equal(backend, answer.Backend);
    }

    [Theory, Trait(Feature.Trait, Feature.Core)]
    [InlineData("x.example.net", "conformance-infra/app-four")]
    [InlineData("a.deep.example.org", "conformance-infra/app-four")]
    [InlineData("unrelated.example.com", null)]
    [InlineData("y.example.net", "conformance-infra/app-two")]
    public async Task ARouteServesOnlyWhereItsHostNamesIntersectAListenersHostName(string host, string? backend)
    {
        var answer = await gateway.SendAsync(new Request(host, "/intersect"));

        Assert.Equal(backend is null ? 404 : 200, answer.Status);
        Assert.Equal(backend, answer.Backend);
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public void ARouteWhoseHostNamesMatchNoListenerIsNotAccepted()
    {
        var parent = gateway.Latest.Route("disjoint").Parent("by-name");

        Assert.True(parent?.Conditions.Has("Accepted", "False", "NoMatchingListenerHostname"), parent?.Conditions.Describe());
        Assert.True(parent?.Conditions.Condition("ResolvedRefs") is not null, "no ResolvedRefs condition: " + parent?.Conditions.Describe());
    }

    [Theory, Trait(Feature.Trait, Feature.GatewayHttpListenerIsolation)]
    [InlineData("plain.example.test", "any")]
    [InlineData("x.example.com", "wide")]
    [InlineData("x.foo.example.com", "narrow")]
    [InlineData("abc.foo.example.com", "single")]
    public async Task ARequestIsMatchedOnlyByTheMostSpecificListener(string host, string listener)
    {
        foreach (var candidate in new[] { "any", "wide", "narrow", "single" })
        {
            var answer = await gateway.SendAsync(new Request(host, "/" + candidate) { Port = 81 });

            Assert.True((candidate == listener ? 200 : 404) == answer.Status, $"{host}/{candidate}: {answer}");
        }
    }

    [Theory, Trait(Feature.Trait, Feature.GatewayHttpListenerIsolation)]
    [InlineData("named.example.com", "conformance-infra/app-two")]
    [InlineData("abc.foo.example.com", null)]
    [InlineData("y.foo.example.com", null)]
    public async Task ARouteHostNameThatAMoreSpecificListenerOwnsIsNotServedByTheWiderOne(string host, string? backend)
    {
        var answer = await gateway.SendAsync(new Request(host, "/named") { Port = 81 });

        Assert.Equal(backend is null ? 404 : 200, answer.Status);
        Assert.Equal(backend, answer.Backend);
    }
}
