using AzureGateway.Conformance.Tests.Harness;
using static AzureGateway.Conformance.Tests.Harness.Scenario;

namespace AzureGateway.Conformance.Tests.Cases;

/// <summary>
/// HTTPS listeners: serving by SNI and Host, answering 421 when the two belong to different listeners, and
/// backends reached over mutual TLS as a BackendTLSPolicy and the Gateway's client certificate say.
/// </summary>
public sealed class HttpsTests(HttpsTests.Gateway gateway) : IClassFixture<HttpsTests.Gateway>
{
    public static readonly Backend One = new(Infra, "app-one");
    public static readonly Backend Two = new(Infra, "app-two");
    public static readonly Backend Three = new(Infra, "app-three");
    public static readonly Backend Secure = new(Infra, "app-secure", MutualTls: true);
    public static readonly Backend Named = new(Infra, "app-named", MutualTls: true) { SubjectAltName = "named.backend.test", ExtraCertificateNames = ["named.backend.test"] };
    public static readonly Backend Misnamed = new(Infra, "app-misnamed", MutualTls: true) { SubjectAltName = "expected.backend.test", ExtraCertificateNames = ["actual.backend.test"] };

    public sealed class Gateway : Scenario
    {
        protected override IEnumerable<Backend> Backends => [One, Two, Three, Secure, Named, Misnamed];

        protected override string Manifests() => Manifest.Join(
            "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: secure, namespace: conformance-infra}\n" +
            "spec:\n  gatewayClassName: conformance\n  tls:\n    backend:\n      clientCertificateRef: {name: gateway-client-tls}\n  listeners:\n" +
            Manifest.HttpsListener("exact", 443, "first.example.org") +
            Manifest.HttpsListener("wild", 443, "*.example.net") +
            Manifest.HttpsListener("catch-all", 443),
            Route("to-first", "exact", "app-one"),
            Route("to-wild", "wild", "app-two"),
            Route("to-rest", "catch-all", "app-three"),
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: to-secure, namespace: conformance-infra}
            spec:
              parentRefs: [{name: secure, sectionName: catch-all}]
              hostnames: [secure.example.com]
              rules:
              - backendRefs: [{name: app-secure, port: 8080}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: to-named, namespace: conformance-infra}
            spec:
              parentRefs: [{name: secure, sectionName: catch-all}]
              hostnames: [named.example.com]
              rules:
              - matches: [{path: {type: PathPrefix, value: /named}}]
                backendRefs: [{name: app-named, port: 8080}]
              - matches: [{path: {type: PathPrefix, value: /misnamed}}]
                backendRefs: [{name: app-misnamed, port: 8080}]

            """);

        private static string Route(string name, string section, string backend) =>
            $"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: {name}, namespace: {Infra}}}\nspec:\n" +
            $"  parentRefs: [{{name: secure, sectionName: {section}}}]\n  rules:\n  - backendRefs: [{{name: {backend}, port: 8080}}]\n";
    }

    [Theory, Trait(Feature.Trait, Feature.Core)]
    [InlineData("first.example.org", "conformance-infra/app-one")]
    [InlineData("a.example.net", "conformance-infra/app-two")]
    [InlineData("other.example.com", "conformance-infra/app-three")]
    public async Task AnHttpsListenerServesTheRoutesOfTheListenerTheHostNameMatches(string host, string backend)
    {
        var answer = await gateway.SendUntilAsync(new Request(host) { Port = 443, Https = true }, a => a.Status == 200);

        Assert.Equal(backend, answer.Backend);
        Assert.Equal(host, answer.Echo!.Host);
    }

    [Theory, Trait(Feature.Trait, Feature.GatewayHttpsListenerDetectMisdirectedRequests)]
    [InlineData("first.example.org", "first.example.org", 200)]
    [InlineData("first.example.org", "a.example.net", 421)]
    [InlineData("first.example.org", "other.example.com", 421)]
    [InlineData("a.example.net", "b.example.net", 200)]
    [InlineData("a.example.net", "first.example.org", 421)]
    [InlineData("other.example.com", "another.example.com", 200)]
    [InlineData("other.example.com", "first.example.org", 421)]
    public async Task ARequestWhoseHostBelongsToAnotherListenerThanItsSniIsMisdirected(string sni, string host, int status)
    {
        var answer = await gateway.SendAsync(new Request(host) { Port = 443, Https = true, Sni = sni });

        Assert.Equal(status, answer.Status);
    }

    [Fact, Trait(Feature.Trait, Feature.BackendTlsPolicy)]
    public async Task ABackendTlsPolicyMakesTheGatewayVerifyTheBackendAndSendItsHostnameAsSni()
    {
        var answer = await gateway.SendAsync(new Request("secure.example.com") { Port = 443, Https = true });

        Assert.Equal(200, answer.Status);
        Assert.Equal(Secure.Identity, answer.Backend);
        Assert.Equal(BackendHostname(Secure), answer.Echo!.Sni);
    }

    [Fact, Trait(Feature.Trait, Feature.GatewayBackendClientCertificate)]
    public async Task TheGatewayPresentsItsClientCertificateToTheBackend()
    {
        var answer = await gateway.SendAsync(new Request("secure.example.com") { Port = 443, Https = true });

        Assert.Equal(200, answer.Status);
        Assert.Equal("CN=conformance-gateway", answer.Echo!.ClientCertificateSubject);
    }

    [Theory, Trait(Feature.Trait, Feature.BackendTlsPolicySanValidation)]
    [InlineData("/named", 200)]
    [InlineData("/misnamed", 502)]
    public async Task ABackendCertificateMustHoldTheSubjectAltNameThePolicyAsksFor(string path, int status)
    {
        var answer = await gateway.SendAsync(new Request("named.example.com", path) { Port = 443, Https = true });

        Assert.Equal(status, answer.Status);
        Assert.Equal(status == 200 ? Named.Identity : null, answer.Backend);
    }
}
