using AzureGateway.Conformance.Tests.Harness;
using static AzureGateway.Conformance.Tests.Harness.Scenario;

namespace AzureGateway.Conformance.Tests.Cases;

/// <summary>Request and response header modifiers, on a rule and on one backend of a rule.</summary>
public sealed class HeaderFilterTests(HeaderFilterTests.Gateway gateway) : IClassFixture<HeaderFilterTests.Gateway>
{
    public static readonly Backend One = new(Infra, "app-one");
    public static readonly Backend Two = new(Infra, "app-two");

    public sealed class Gateway : Scenario
    {
        protected override IEnumerable<Backend> Backends => [One, Two];

        protected override string Manifests() => Manifest.Join(
            Manifest.HttpGateway("headers"),
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: request-headers, namespace: conformance-infra}
            spec:
              parentRefs: [{name: headers}]
              hostnames: [request.example.com]
              rules:
              - filters:
                - type: RequestHeaderModifier
                  requestHeaderModifier:
                    set: [{name: x-set, value: from-gateway}]
                    add: [{name: x-add, value: from-gateway}]
                    remove: [x-remove]
                backendRefs: [{name: app-one, port: 8080}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: per-backend-headers, namespace: conformance-infra}
            spec:
              parentRefs: [{name: headers}]
              hostnames: [per-backend.example.com]
              rules:
              - backendRefs:
                - name: app-one
                  port: 8080
                  filters:
                  - type: RequestHeaderModifier
                    requestHeaderModifier: {set: [{name: x-chosen, value: one}]}
                - name: app-two
                  port: 8080
                  filters:
                  - type: RequestHeaderModifier
                    requestHeaderModifier: {set: [{name: x-chosen, value: two}]}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: response-headers, namespace: conformance-infra}
            spec:
              parentRefs: [{name: headers}]
              hostnames: [response.example.com]
              rules:
              - filters:
                - type: ResponseHeaderModifier
                  responseHeaderModifier:
                    set: [{name: x-set, value: from-gateway}]
                    add: [{name: x-add, value: from-gateway}]
                    remove: [x-remove]
                backendRefs: [{name: app-one, port: 8080}]

            """);
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public async Task ARequestHeaderModifierSetsAddsAndRemovesHeaders()
    {
        var request = new Request("request.example.com")
            .With("x-set", "from-client").With("x-add", "from-client").With("x-remove", "from-client").With("x-other", "kept");

        var answer = await gateway.SendAsync(request);

        Assert.Equal(One.Identity, answer.Backend);
        Assert.Equal("from-gateway", answer.BackendSaw("x-set"));
        Assert.Equal(["from-client", "from-gateway"], Values(answer.BackendSaw("x-add")));
        Assert.Null(answer.BackendSaw("x-remove"));
        Assert.Equal("kept", answer.BackendSaw("x-other"));
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public async Task ARequestHeaderModifierSetsAndAddsHeadersTheClientDidNotSend()
    {
        var answer = await gateway.SendAsync(new Request("request.example.com"));

        Assert.Equal(One.Identity, answer.Backend);
        Assert.Equal("from-gateway", answer.BackendSaw("x-set"));
        Assert.Equal("from-gateway", answer.BackendSaw("x-add"));
    }

    [Fact, Trait(Feature.Trait, Feature.HttpRouteBackendRequestHeaderModification)]
    public async Task AHeaderModifierOnABackendAppliesOnlyToRequestsSentToThatBackend()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 40 && seen.Count < 2; i++)
        {
            var answer = await gateway.SendAsync(new Request("per-backend.example.com"));
            Assert.Equal(200, answer.Status);
            var expected = answer.Backend == One.Identity ? "one" : "two";
            Assert.Equal(expected, answer.BackendSaw("x-chosen"));
            seen.Add(answer.Backend!);
        }

        Assert.Equal(2, seen.Count);
    }

    [Fact, Trait(Feature.Trait, Feature.HttpRouteResponseHeaderModification)]
    public async Task AResponseHeaderModifierSetsAddsAndRemovesHeadersOfTheAnswer()
    {
        var request = new Request("response.example.com")
            .With("x-echo-set-header", "x-set: from-backend, x-add: from-backend, x-remove: from-backend, x-other: kept");

        var answer = await gateway.SendAsync(request);

        Assert.Equal(One.Identity, answer.Backend);
        Assert.Equal("from-gateway", answer.Header("x-set"));
        Assert.Equal(["from-backend", "from-gateway"], Values(answer.Header("x-add")));
        Assert.Null(answer.Header("x-remove"));
        Assert.Equal("kept", answer.Header("x-other"));
    }

    /// <summary>A header's values, whether they came as one comma-joined line or several lines.</summary>
    private static string[] Values(string? header) =>
        (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
