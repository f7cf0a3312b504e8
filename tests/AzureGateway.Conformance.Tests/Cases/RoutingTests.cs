using AzureGateway.Conformance.Tests.Harness;
using static AzureGateway.Conformance.Tests.Harness.Scenario;

namespace AzureGateway.Conformance.Tests.Cases;

/// <summary>How one Gateway's routes choose a backend: paths, headers, precedence, weights, methods and queries.</summary>
public sealed class RoutingTests(RoutingTests.Gateway gateway) : IClassFixture<RoutingTests.Gateway>
{
    public static readonly Backend One = new(Infra, "app-one");
    public static readonly Backend Two = new(Infra, "app-two");
    public static readonly Backend Three = new(Infra, "app-three");

    public sealed class Gateway : Scenario
    {
        protected override IEnumerable<Backend> Backends => [One, Two, Three];

        protected override string Manifests() => Manifest.Join(
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: routing, namespace: conformance-infra}
            spec:
              gatewayClassName: conformance
              listeners:
              - {name: http, port: 80, protocol: HTTP}
              - {name: alternate, port: 81, protocol: HTTP}
              - {name: eighty-eighty, port: 8080, protocol: HTTP}

            """,
            // The catch-all is not on port 80, so that there a request no rule matches gets 404.
            Route("everything", null, "- backendRefs: [{name: app-one, port: 8080}]", "alternate", "eighty-eighty"),
            Route("exact-paths", "exact.example.com", """
                - matches: [{path: {type: Exact, value: /first}}]
                  backendRefs: [{name: app-one, port: 8080}]
                - matches: [{path: {type: Exact, value: /second}}]
                  backendRefs: [{name: app-two, port: 8080}]
                """),
            Route("precedence", "order.example.com", """
                - matches: [{path: {type: PathPrefix, value: /}}]
                  backendRefs: [{name: app-one, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /shop}}]
                  backendRefs: [{name: app-two, port: 8080}]
                - matches: [{path: {type: Exact, value: /shop/cart}}]
                  backendRefs: [{name: app-three, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /shop}, headers: [{name: x-tier, value: gold}]}]
                  backendRefs: [{name: app-three, port: 8080}]
                """),
            Route("headers", "headers.example.com", """
                - matches: [{headers: [{name: x-version, value: one}]}]
                  backendRefs: [{name: app-one, port: 8080}]
                - matches: [{headers: [{name: x-version, value: two}, {name: x-colour, value: blue}]}]
                  backendRefs: [{name: app-two, port: 8080}]
                """),
            Route("weights", "weights.example.com", """
                - backendRefs:
                  - {name: app-one, port: 8080, weight: 3}
                  - {name: app-two, port: 8080, weight: 1}
                  - {name: app-three, port: 8080, weight: 0}
                """),
            Route("split-left", "split.example.com", """
                - matches: [{path: {type: PathPrefix, value: /left}}]
                  backendRefs: [{name: app-one, port: 8080}]
                """),
            Route("split-right", "split.example.com", """
                - matches: [{path: {type: PathPrefix, value: /right}}, {headers: [{name: x-side, value: right}]}]
                  backendRefs: [{name: app-two, port: 8080}]
                """),
            Route("without-backends", "empty.example.com", """
                - matches: [{path: {type: PathPrefix, value: /served}}]
                  backendRefs: [{name: app-one, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /omitted}}]
                - matches: [{path: {type: PathPrefix, value: /empty}}]
                  backendRefs: []
                """),
            Route("methods", "methods.example.com", """
                - matches: [{method: POST}]
                  backendRefs: [{name: app-one, port: 8080}]
                - matches: [{method: GET, path: {type: PathPrefix, value: /}}]
                  backendRefs: [{name: app-two, port: 8080}]
                """),
            Route("queries", "queries.example.com", """
                - matches: [{queryParams: [{name: animal, value: whale}]}]
                  backendRefs: [{name: app-one, port: 8080}]
                - matches: [{queryParams: [{name: animal, value: dolphin}, {name: colour, value: grey}]}]
                  backendRefs: [{name: app-two, port: 8080}]
                """),
            Route("named-rules", "named.example.com", """
                - name: the-named-one
                  matches: [{path: {type: PathPrefix, value: /named}}]
                  backendRefs: [{name: app-one, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /unnamed}}]
                  backendRefs: [{name: app-two, port: 8080}]
                """));

        /// <summary>An HTTPRoute on one listener of the Gateway with <paramref name="rules"/> (YAML list items).</summary>
        private static string Route(string name, string? hostname, string rules, params string[] sections) =>
            $"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: {name}, namespace: {Infra}}}\nspec:\n" +
            $"  parentRefs: [{string.Join(", ", (sections.Length == 0 ? ["http"] : sections).Select(s => $"{{name: routing, sectionName: {s}}}"))}]\n" +
            (hostname is null ? "" : $"  hostnames: [\"{hostname}\"]\n") +
            "  rules:\n" + string.Concat(rules.Split('\n').Select(line => "  " + line + "\n"));
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public async Task ARouteWithoutHostnamesOrMatchesTakesEveryRequestOfItsGateway()
    {
        var answer = await gateway.SendUntilAsync(new Request("anything.example.test", "/any/path?x=1") { Port = 81 }, a => a.Status == 200);

        Assert.Equal(One.Identity, answer.Backend);
        Assert.Equal("/any/path?x=1", answer.Echo!.Path);
        Assert.Equal("anything.example.test", answer.Echo.Host);
    }

    [Theory, Trait(Feature.Trait, Feature.Core)]
    [InlineData("/first", "conformance-infra/app-one")]
    [InlineData("/second", "conformance-infra/app-two")]
    [InlineData("/first/", null)]
    [InlineData("/firs", null)]
    [InlineData("/first/more", null)]
    [InlineData("/", null)]
    public async Task AnExactPathMatchesThatPathOnly(string path, string? backend)
    {
        var answer = await gateway.SendAsync(new Request("exact.example.com", path));

        Assert.Equal(backend is null ? 404 : 200, answer.Status);
        Assert.Equal(backend, answer.Backend);
    }

    [Theory, Trait(Feature.Trait, Feature.Core)]
    [InlineData("/shop/cart", null, "conformance-infra/app-three")]
    [InlineData("/shop/cart/", null, "conformance-infra/app-two")]
    [InlineData("/shop", null, "conformance-infra/app-two")]
    [InlineData("/shop/shoes", null, "conformance-infra/app-two")]
    [InlineData("/shopping", null, "conformance-infra/app-one")]
    [InlineData("/", null, "conformance-infra/app-one")]
    [InlineData("/shop/shoes", "gold", "conformance-infra/app-three")]
    public async Task AnExactPathBeatsAPrefixTheLongestPrefixWinsPrefixesEndAtASlashAndHeadersBreakTies(string path, string? tier, string backend)
    {
        var request = new Request("order.example.com", path);
        var answer = await gateway.SendAsync(tier is null ? request : request.With("x-tier", tier));

        Assert.Equal(200, answer.Status);
        Assert.Equal(backend, answer.Backend);
    }

    [Theory, Trait(Feature.Trait, Feature.Core)]
    [InlineData("x-version", "one", null, null, "conformance-infra/app-one")]
    [InlineData("X-Version", "one", null, null, "conformance-infra/app-one")]
    [InlineData("x-version", "two", "x-colour", "blue", "conformance-infra/app-two")]
    [InlineData("x-version", "two", null, null, null)]
    [InlineData("x-version", "One", null, null, null)]
    [InlineData("x-other", "one", null, null, null)]
    public async Task HeaderMatchesNeedEveryHeaderNamesIgnoreCaseValuesDoNot(string name, string value, string? name2, string? value2, string? backend)
    {
        var request = new Request("headers.example.com").With(name, value);
        var answer = await gateway.SendAsync(name2 is null ? request : request.With(name2, value2!));

        Assert.Equal(backend is null ? 404 : 200, answer.Status);
        Assert.Equal(backend, answer.Backend);
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public async Task TrafficIsSplitByWeightAndAZeroWeightGetsNone()
    {
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < 200; i++)
        {
            var answer = await gateway.SendAsync(new Request("weights.example.com"));
            Assert.Equal(200, answer.Status);
            counts[answer.Backend!] = counts.GetValueOrDefault(answer.Backend!) + 1;
        }

        Assert.False(counts.ContainsKey(Three.Identity), "the backend of weight 0 answered");
        Assert.InRange(counts.GetValueOrDefault(One.Identity), 120, 180);
        Assert.InRange(counts.GetValueOrDefault(Two.Identity), 20, 80);
    }

    [Theory, Trait(Feature.Trait, Feature.Core)]
    [InlineData("/left", null, "conformance-infra/app-one")]
    [InlineData("/right", null, "conformance-infra/app-two")]
    [InlineData("/elsewhere", "right", "conformance-infra/app-two")]
    [InlineData("/left", "right", "conformance-infra/app-one")]
    [InlineData("/elsewhere", null, null)]
    public async Task RoutesForTheSameHostnameAreMatchedTogether(string path, string? side, string? backend)
    {
        var request = new Request("split.example.com", path);
        var answer = await gateway.SendAsync(side is null ? request : request.With("x-side", side));

        Assert.Equal(backend is null ? 404 : 200, answer.Status);
        Assert.Equal(backend, answer.Backend);
    }

    [Theory, Trait(Feature.Trait, Feature.Core)]
    [InlineData("/served", 200)]
    [InlineData("/omitted", 500)]
    [InlineData("/empty", 500)]
    public async Task ARuleWithoutBackendsAnswers500(string path, int status)
    {
        var answer = await gateway.SendAsync(new Request("empty.example.com", path));

        Assert.Equal(status, answer.Status);
    }

    [Fact, Trait(Feature.Trait, Feature.GatewayPort8080)]
    public async Task AListenerOnPort8080Serves()
    {
        var answer = await gateway.SendAsync(new Request("anything.example.test") { Port = 8080 });

        Assert.Equal(200, answer.Status);
        Assert.Equal(One.Identity, answer.Backend);
    }

    [Theory, Trait(Feature.Trait, Feature.HttpRouteMethodMatching)]
    [InlineData("POST", "conformance-infra/app-one")]
    [InlineData("GET", "conformance-infra/app-two")]
    [InlineData("PUT", null)]
    public async Task AMethodMatchTakesOnlyThatMethod(string method, string? backend)
    {
        var answer = await gateway.SendAsync(new Request("methods.example.com") { Method = new HttpMethod(method) });

        Assert.Equal(backend is null ? 404 : 200, answer.Status);
        Assert.Equal(backend, answer.Backend);
        Assert.Equal(backend is null ? null : method, answer.Echo?.Method);
    }

    [Theory, Trait(Feature.Trait, Feature.HttpRouteQueryParamMatching)]
    [InlineData("/?animal=whale", "conformance-infra/app-one")]
    [InlineData("/?animal=dolphin&colour=grey", "conformance-infra/app-two")]
    [InlineData("/?colour=grey&animal=dolphin", "conformance-infra/app-two")]
    [InlineData("/?animal=dolphin", null)]
    [InlineData("/?animal=Whale", null)]
    [InlineData("/", null)]
    public async Task QueryParameterMatchesNeedEveryParameter(string pathAndQuery, string? backend)
    {
        var answer = await gateway.SendAsync(new Request("queries.example.com", pathAndQuery));

        Assert.Equal(backend is null ? 404 : 200, answer.Status);
        Assert.Equal(backend, answer.Backend);
    }

    [Theory, Trait(Feature.Trait, Feature.HttpRouteNamedRouteRule)]
    [InlineData("/named", "conformance-infra/app-one")]
    [InlineData("/unnamed", "conformance-infra/app-two")]
    public async Task NamedAndUnnamedRulesAreBothServed(string path, string backend)
    {
        var answer = await gateway.SendAsync(new Request("named.example.com", path));

        Assert.Equal(200, answer.Status);
        Assert.Equal(backend, answer.Backend);
        var parent = gateway.Latest.Route("named-rules").Parent("routing", "http");
        Assert.True(parent?.Conditions.Has("Accepted", "True"), parent?.Conditions.Describe());
    }
}
