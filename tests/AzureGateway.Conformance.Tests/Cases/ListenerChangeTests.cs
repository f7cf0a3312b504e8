using AzureGateway.Conformance.Tests.Harness;
using static AzureGateway.Conformance.Tests.Harness.Scenario;

namespace AzureGateway.Conformance.Tests.Cases;

/// <summary>Listeners added to and removed from a served Gateway are served and reported without a restart.</summary>
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
}
