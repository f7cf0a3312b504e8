using AzureGateway.Conformance.Tests.Harness;
using static AzureGateway.Conformance.Tests.Harness.Scenario;

namespace AzureGateway.Conformance.Tests.Cases;

/// <summary>
/// A served Gateway changes: listeners added and removed are served and reported without a restart, and
/// conditions follow the generation of what they describe.
/// </summary>
public sealed class ListenerChangeTests(ListenerChangeTests.Gateway gateway) : IClassFixture<ListenerChangeTests.Gateway>
{
    public static readonly Backend One = new(Infra, "app-one");

    public sealed class Gateway : Scenario
    {
        protected override IEnumerable<Backend> Backends => [One];

        protected override string Manifests() => Manifest.Join(Changing("- {name: first, port: 80, protocol: HTTP}"), Route);
    }

    private const string Route = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: everywhere, namespace: conformance-infra}
        spec:
          parentRefs: [{name: changing}]
          rules:
          - backendRefs: [{name: app-one, port: 8080}]

        """;

    private static string Changing(string listeners) =>
        $"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {{name: changing, namespace: {Infra}}}\n" +
        $"spec:\n  gatewayClassName: {GatewayClass}\n  listeners:\n  {listeners}\n";

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public async Task AListenerAddedAndThenRemovedIsServedAndReportedAccordingly()
    {
        gateway.WriteFile("scenario.yaml", Manifest.Join(
            Changing("- {name: first, port: 80, protocol: HTTP}\n  - {name: second, port: 93, protocol: HTTP}"), Route));
        var added = await gateway.TranslatedUntilAsync(r => r.Gateway("changing").Listeners.Count == 2);

        Assert.Equal(1, added.Gateway("changing").Listener("second").AttachedRoutes);
        Assert.True(added.Gateway("changing").Listener("second").Conditions.Has("Programmed", "True"));
        var answer = await gateway.SendUntilAsync(new Request("any.example.com") { Port = 93 }, a => a.Status == 200);
        Assert.Equal(One.Identity, answer.Backend);

        gateway.WriteFile("scenario.yaml", Manifest.Join(Changing("- {name: second, port: 93, protocol: HTTP}"), Route));
        var removed = await gateway.TranslatedUntilAsync(r => r.Gateway("changing").Listeners.Count == 1);

        Assert.Equal(["second"], removed.Gateway("changing").Listeners.Select(l => l.Name));
        Assert.Equal(1, removed.Gateway("changing").Listener("second").AttachedRoutes);
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public async Task ConditionsFollowANewGenerationOfTheGatewayAndTheRoute()
    {
        gateway.WriteFile("generations.yaml", """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: bumped, namespace: conformance-infra, generation: 4}
            spec:
              gatewayClassName: conformance
              listeners:
              - {name: http, port: 94, protocol: HTTP}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: bumped, namespace: conformance-infra, generation: 6}
            spec:
              parentRefs: [{name: bumped}]
              rules:
              - backendRefs: [{name: app-one, port: 8080}]

            """);
        var result = await gateway.TranslatedUntilAsync(r => r.Route("bumped") is not null);

        Assert.All(result.Gateway("bumped").Conditions, c => Assert.Equal(4, c.ObservedGeneration));
        Assert.All(result.Route("bumped")!.Parents.SelectMany(p => p.Conditions), c => Assert.Equal(6, c.ObservedGeneration));

        gateway.WriteFile("generations.yaml", """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: bumped, namespace: conformance-infra, generation: 5}
            spec:
              gatewayClassName: conformance
              listeners:
              - {name: http, port: 94, protocol: HTTP}
              - {name: extra, port: 95, protocol: HTTP}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: bumped, namespace: conformance-infra, generation: 7}
            spec:
              parentRefs: [{name: bumped}]
              rules:
              - backendRefs: [{name: app-one, port: 8080}]

            """);
        var bumped = await gateway.TranslatedUntilAsync(r => r.Gateway("bumped").Listeners.Count == 2);

        Assert.All(bumped.Gateway("bumped").Conditions, c => Assert.Equal(5, c.ObservedGeneration));
        Assert.All(bumped.Gateway("bumped").Listeners.SelectMany(l => l.Conditions), c => Assert.Equal(5, c.ObservedGeneration));
        Assert.All(bumped.Route("bumped")!.Parents.SelectMany(p => p.Conditions), c => Assert.Equal(7, c.ObservedGeneration));
    }
}
