using System.Text.Json;
using AzureGateway.Conformance.Tests.Harness;
using AzureGateway.Translation.Gateways;
using static AzureGateway.Conformance.Tests.Harness.Scenario;

namespace AzureGateway.Conformance.Tests.Cases;

/// <summary>
/// What Gateways and their GatewayClass report: attached routes, listeners that cannot be served and why,
/// certificate references across namespaces, infrastructure parameters, generations, and listeners that come and go.
/// </summary>
public sealed class GatewayStatusTests(GatewayStatusTests.Gateway gateway) : IClassFixture<GatewayStatusTests.Gateway>
{
    public const string Secrets = "conformance-secrets";

    public static readonly Backend One = new(Infra, "app-one");
    public static readonly Backend Two = new(Infra, "app-two");

    public sealed class Gateway : Scenario
    {
        protected override IEnumerable<Backend> Backends => [One, Two];

        protected override string Manifests()
        {
            using var elsewhere = Authority.IssueServer(["elsewhere.example.com"]);
            return Manifest.Join(
                GatewayOf("two-routes", "- {name: http, port: 80, protocol: HTTP}"),
                Route("first", "two-routes", "first.example.com", "app-one"),
                Route("second", "two-routes", "second.example.com", "app-two"),
                Route("unresolved", "two-routes", "unresolved.example.com", "no-such-service"),
                GatewayOf("narrow", "- {name: http, port: 83, protocol: HTTP, hostname: narrow.example.com}"),
                Route("elsewhere", "narrow", "other.example.com", "app-one"),
                GatewayOf("no-kinds", "- {name: http, port: 84, protocol: HTTP, allowedRoutes: {kinds: [{kind: NotARoute}]}}"),
                GatewayOf("some-kinds", "- {name: http, port: 85, protocol: HTTP, allowedRoutes: {kinds: [{kind: NotARoute}, {kind: HTTPRoute}]}}"),
                GatewayOf("odd-protocol", "- {name: odd, port: 86, protocol: example.com/Gopher}"),
                GatewayOf("half-odd", "- {name: http, port: 87, protocol: HTTP}\n  - {name: odd, port: 88, protocol: example.com/Gopher}"),
                GatewayOf("missing-secret", "- {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: no-such-secret}]}}"),
                GatewayOf("odd-secret-kind", "- {name: https, port: 444, protocol: HTTPS, tls: {certificateRefs: [{group: example.com, kind: Vault, name: frontend-tls}]}}"),
                GatewayOf("malformed-secret", "- {name: https, port: 445, protocol: HTTPS, tls: {certificateRefs: [{name: not-a-certificate}]}}"),
                """
                apiVersion: v1
                kind: Secret
                metadata: {name: not-a-certificate, namespace: conformance-infra}
                type: kubernetes.io/tls
                stringData: {tls.crt: "not PEM", tls.key: "not PEM either"}

                """,
                GatewayOf("ungranted-secret", "- {name: https, port: 446, protocol: HTTPS, tls: {certificateRefs: [{name: elsewhere-tls, namespace: conformance-secrets}]}}"),
                GatewayOf("granted-secret", "- {name: https, port: 447, protocol: HTTPS, tls: {certificateRefs: [{name: granted-tls, namespace: conformance-secrets}]}}"),
                Cli.Demo.KubernetesManifests.TlsSecret(Secrets, "elsewhere-tls", elsewhere),
                Cli.Demo.KubernetesManifests.TlsSecret(Secrets, "granted-tls", elsewhere),
                """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: gateways-to-granted, namespace: conformance-secrets}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: conformance-infra}]
                  to: [{group: "", kind: Secret, name: granted-tls}]

                """,
                """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: odd-parameters, namespace: conformance-infra}
                spec:
                  gatewayClassName: conformance
                  infrastructure:
                    parametersRef: {group: example.com, kind: NoSuchParameters, name: nothing}
                  listeners:
                  - {name: http, port: 89, protocol: HTTP}

                """,
                """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: generation-seven, namespace: conformance-infra, generation: 7}
                spec:
                  gatewayClassName: conformance
                  listeners:
                  - {name: http, port: 90, protocol: HTTP}

                """,
                GatewayOf("shared-a", "- {name: http, port: 91, protocol: HTTP}"),
                GatewayOf("shared-b", "- {name: http, port: 92, protocol: HTTP}"),
                """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: on-two-gateways, namespace: conformance-infra}
                spec:
                  parentRefs: [{name: shared-a}, {name: shared-b}]
                  rules:
                  - backendRefs: [{name: app-two, port: 8080}]

                """);
        }

        private static string GatewayOf(string name, string listeners) =>
            $"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {{name: {name}, namespace: {Infra}}}\n" +
            $"spec:\n  gatewayClassName: {GatewayClass}\n  listeners:\n  {listeners}\n";

        private static string Route(string name, string parent, string hostname, string backend) =>
            $"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: {name}, namespace: {Infra}}}\nspec:\n" +
            $"  parentRefs: [{{name: {parent}}}]\n  hostnames: [\"{hostname}\"]\n  rules:\n  - backendRefs: [{{name: {backend}, port: 8080}}]\n";
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public void AListenerCountsTheRoutesAttachedToItEvenWithUnresolvedBackends()
    {
        var listener = gateway.Latest.Gateway("two-routes").Listener("http");

        Assert.Equal(3, listener.AttachedRoutes);
        Assert.True(listener.Conditions.Has("Accepted", "True"), listener.Conditions.Describe());
        Assert.True(listener.Conditions.Has("Programmed", "True"), listener.Conditions.Describe());
        Assert.True(listener.Conditions.Has("ResolvedRefs", "True"), listener.Conditions.Describe());
        Assert.Equal(["HTTPRoute", "GRPCRoute"], listener.SupportedKinds.Select(k => k.Kind));
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public void ARouteThatIsNotAcceptedIsNotCountedAsAttached()
    {
        Assert.Equal(0, gateway.Latest.Gateway("narrow").Listener("http").AttachedRoutes);
        var parent = gateway.Latest.Route("elsewhere").Parent("narrow");
        Assert.True(parent?.Conditions.Has("Accepted", "False", "NoMatchingListenerHostname"), parent?.Conditions.Describe());
    }

    [Theory, Trait(Feature.Trait, Feature.Core)]
    [InlineData("no-kinds", new string[0])]
    [InlineData("some-kinds", new[] { "HTTPRoute" })]
    public void AListenerAllowingARouteKindItDoesNotKnowSaysSo(string name, string[] supported)
    {
        var listener = gateway.Latest.Gateway(name).Listener("http");

        Assert.True(listener.Conditions.Has("ResolvedRefs", "False", "InvalidRouteKinds"), listener.Conditions.Describe());
        Assert.Equal(supported, listener.SupportedKinds.Select(k => k.Kind));
        Assert.Equal(0, listener.AttachedRoutes);
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public void AGatewayWhoseOnlyListenerHasAnUnsupportedProtocolIsNotAccepted()
    {
        var status = gateway.Latest.Gateway("odd-protocol");

        Assert.True(status.Conditions.Has("Accepted", "False", "ListenersNotValid"), status.Conditions.Describe());
        Assert.True(status.Listener("odd").Conditions.Has("Accepted", "False", "UnsupportedProtocol"), status.Listener("odd").Conditions.Describe());
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public void AGatewayWithOneUnsupportedListenerServesTheOthers()
    {
        var status = gateway.Latest.Gateway("half-odd");

        Assert.True(status.Conditions.Has("Accepted", "True", "ListenersNotValid"), status.Conditions.Describe());
        Assert.True(status.Listener("http").Conditions.Has("Accepted", "True"), status.Listener("http").Conditions.Describe());
        Assert.True(status.Listener("odd").Conditions.Has("Accepted", "False", "UnsupportedProtocol"), status.Listener("odd").Conditions.Describe());
        Assert.True(gateway.Listens(87));
        Assert.False(gateway.Listens(88));
    }

    [Theory, Trait(Feature.Trait, Feature.Core)]
    [InlineData("missing-secret", "InvalidCertificateRef")]
    [InlineData("odd-secret-kind", "InvalidCertificateRef")]
    [InlineData("malformed-secret", "InvalidCertificateRef")]
    [InlineData("ungranted-secret", "RefNotPermitted")]
    public void AListenerWhoseCertificateCannotBeUsedIsNotProgrammed(string name, string reason)
    {
        var listener = gateway.Latest.Gateway(name).Listener("https");

        Assert.True(listener.Conditions.Has("ResolvedRefs", "False", reason), listener.Conditions.Describe());
        Assert.True(listener.Conditions.Has("Programmed", "False"), listener.Conditions.Describe());
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public async Task AReferenceGrantLetsAListenerUseACertificateInAnotherNamespace()
    {
        var listener = gateway.Latest.Gateway("granted-secret").Listener("https");

        Assert.True(listener.Conditions.Has("ResolvedRefs", "True"), listener.Conditions.Describe());
        Assert.True(listener.Conditions.Has("Programmed", "True"), listener.Conditions.Describe());
        var answer = await gateway.SendAsync(new Request("elsewhere.example.com") { Port = 447, Https = true });
        Assert.Equal(404, answer.Status);
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public void AGatewayWhoseInfrastructureParametersCannotBeFoundIsNotAccepted()
    {
        var status = gateway.Latest.Gateway("odd-parameters");

        Assert.True(status.Conditions.Has("Accepted", "False", "InvalidParameters"), status.Conditions.Describe());
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public void ConditionsCarryTheGenerationTheyDescribe()
    {
        var status = gateway.Latest.Gateway("generation-seven");

        Assert.All(status.Conditions, c => Assert.Equal(7, c.ObservedGeneration));
        Assert.All(status.Listeners.SelectMany(l => l.Conditions), c => Assert.Equal(7, c.ObservedGeneration));
    }

    [Theory, Trait(Feature.Trait, Feature.Core)]
    [InlineData(91, "shared-a")]
    [InlineData(92, "shared-b")]
    public async Task ARouteWithTwoGatewaysIsServedByBoth(int port, string parentName)
    {
        var answer = await gateway.SendAsync(new Request("any.example.com") { Port = port });

        Assert.Equal(Two.Identity, answer.Backend);
        var parent = gateway.Latest.Route("on-two-gateways").Parent(parentName);
        Assert.True(parent?.Conditions.Has("Accepted", "True"), parent?.Conditions.Describe());
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public void TheGatewayClassIsAccepted()
    {
        var status = gateway.Latest.Json("GatewayClass", null, GatewayClass);

        var accepted = status.GetProperty("conditions").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "Accepted");
        Assert.Equal("True", accepted.GetProperty("status").GetString());
    }

    [Fact, Trait(Feature.Trait, Feature.Core)]
    public void TheGatewayClassListsTheFeaturesTheGatewaySupports()
    {
        var status = gateway.Latest.Json("GatewayClass", null, GatewayClass);

        Assert.True(status.TryGetProperty("supportedFeatures", out var listed), $"no supportedFeatures in {status}");
        var names = listed.EnumerateArray()
            .Select(f => f.ValueKind == JsonValueKind.String ? f.GetString() : f.GetProperty("name").GetString())
            .ToList();
        Assert.Equal(SupportedFeatures.Names.Order(StringComparer.Ordinal), names);
    }
}
