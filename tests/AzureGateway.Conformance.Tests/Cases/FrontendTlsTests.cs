using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.Cli.Demo;
using AzureGateway.Conformance.Tests.Harness;
using static AzureGateway.Conformance.Tests.Harness.Scenario;

namespace AzureGateway.Conformance.Tests.Cases;

/// <summary>
/// Frontend client certificate validation (GEP-91, <c>Gateway.spec.tls.frontend</c>): a listener that validates
/// admits only clients whose certificate chains to the configured CA; <c>AllowInsecureFallback</c> admits every client
/// and tells the backend; a validation whose CA cannot be used affects only the HTTPS listeners it targets, which then
/// admit no one.
/// </summary>
public sealed class FrontendTlsTests(FrontendTlsTests.Gateway gateway) : IClassFixture<FrontendTlsTests.Gateway>
{
    public static readonly Backend App = new(Infra, "app-client-tls");

    public sealed class Gateway : Scenario
    {
        private readonly CertificateAuthority _other = CertificateAuthority.Create("another CA");

        /// <summary>A client certificate issued by the CA the Gateway trusts.</summary>
        public X509Certificate2 Trusted { get; private set; } = null!;

        /// <summary>A client certificate from a CA the Gateway does not trust.</summary>
        public X509Certificate2 Untrusted { get; private set; } = null!;

        protected override IEnumerable<Backend> Backends => [App];

        protected override string Manifests()
        {
            Trusted = Authority.IssueClient("conformance-client");
            Untrusted = _other.IssueClient("stranger");
            return Manifest.Join(
                KubernetesManifests.CaConfigMap(Infra, "client-ca", Authority.Certificate),
                $$"""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: client-tls, namespace: {{Infra}}}
                spec:
                  gatewayClassName: {{GatewayClass}}
                  tls:
                    frontend:
                      default:
                        validation:
                          caCertificateRefs: [{group: "", kind: ConfigMap, name: client-ca}]
                      perPort:
                      - port: 8443
                        tls:
                          validation:
                            mode: AllowInsecureFallback
                            caCertificateRefs: [{group: "", kind: ConfigMap, name: client-ca}]
                  listeners:
                  - {name: http, port: 80, protocol: HTTP}

                """ + Manifest.HttpsListener("validated", 443) + Manifest.HttpsListener("fallback", 8443),
                $$"""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: broken-client-tls, namespace: {{Infra}}}
                spec:
                  gatewayClassName: {{GatewayClass}}
                  tls:
                    frontend:
                      default:
                        validation:
                          caCertificateRefs: [{group: "", kind: ConfigMap, name: does-not-exist}]
                      perPort:
                      - port: 8081
                        tls:
                          validation:
                            caCertificateRefs: [{group: "", kind: ConfigMap, name: client-ca}]
                  listeners:
                  - {name: http, port: 8081, protocol: HTTP}

                """ + Manifest.HttpsListener("https", 9443),
                Route("to-app", "client-tls"),
                Route("broken-to-app", "broken-client-tls"));
        }

        private static string Route(string name, string gateway) => $$"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: {{name}}, namespace: {{Infra}}}
            spec:
              parentRefs: [{name: {{gateway}}}]
              rules:
              - backendRefs: [{name: app-client-tls, port: 8080}]

            """;
    }

    private static Request Https(int port, X509Certificate2? certificate) =>
        new Request("app.example.com") { Port = port, Https = true, ClientCertificate = certificate };

    [Fact, Trait(Feature.Trait, Feature.GatewayFrontendClientCertificateValidation)]
    public async Task AClientWithACertificateFromTheTrustedCaIsServedAndTheBackendLearnsWhoItIs()
    {
        var answer = await gateway.SendUntilAsync(Https(443, gateway.Trusted), a => a.Status == 200);

        Assert.Equal(200, answer.Status);
        Assert.Equal(App.Identity, answer.Backend);
        var forwarded = answer.BackendSaw("x-forwarded-client-cert");
        Assert.NotNull(forwarded);
        Assert.Contains($"Hash={Convert.ToHexStringLower(SHA256.HashData(gateway.Trusted.RawData))}", forwarded, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Subject=\"CN=conformance-client\"", forwarded);
        Assert.Equal("SUCCESS", answer.BackendSaw("x-client-cert-verify"));
    }

    [Fact, Trait(Feature.Trait, Feature.GatewayFrontendClientCertificateValidation)]
    public async Task AClientWithoutACertificateIsRefusedDuringTheHandshake()
    {
        await gateway.SendUntilAsync(Https(443, gateway.Trusted), a => a.Status == 200);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => gateway.SendAsync(Https(443, null)));
    }

    [Fact, Trait(Feature.Trait, Feature.GatewayFrontendClientCertificateValidation)]
    public async Task AClientWithACertificateFromAnotherCaIsRefused()
    {
        await gateway.SendUntilAsync(Https(443, gateway.Trusted), a => a.Status == 200);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => gateway.SendAsync(Https(443, gateway.Untrusted)));
    }

    [Fact, Trait(Feature.Trait, Feature.GatewayFrontendClientCertificateValidation)]
    public async Task AForwardedClientCertificateHeaderSentByAClientNeverReachesTheBackend()
    {
        var forged = "Hash=00;Subject=\"CN=admin\"";

        var validated = await gateway.SendUntilAsync(Https(443, gateway.Trusted).With("X-Forwarded-Client-Cert", forged), a => a.Status == 200);
        var plain = await gateway.SendUntilAsync(new Request("app.example.com").With("X-Forwarded-Client-Cert", forged).With("X-Client-Cert-Verify", "SUCCESS"),
            a => a.Status == 200);

        Assert.DoesNotContain("CN=admin", validated.BackendSaw("x-forwarded-client-cert"));
        Assert.Null(plain.BackendSaw("x-forwarded-client-cert"));
        Assert.Null(plain.BackendSaw("x-client-cert-verify"));
    }

    [Fact, Trait(Feature.Trait, Feature.GatewayFrontendClientCertificateValidationInsecureFallback)]
    public async Task InsecureFallbackServesEveryClientAndTellsTheBackendWhetherItsCertificateWasValid()
    {
        var none = await gateway.SendUntilAsync(Https(8443, null), a => a.Status == 200);
        var stranger = await gateway.SendAsync(Https(8443, gateway.Untrusted));
        var trusted = await gateway.SendAsync(Https(8443, gateway.Trusted));

        Assert.Equal("NONE", none.BackendSaw("x-client-cert-verify"));
        Assert.Equal(200, stranger.Status);
        Assert.StartsWith("FAILED:", stranger.BackendSaw("x-client-cert-verify"));
        Assert.Null(stranger.BackendSaw("x-forwarded-client-cert"));
        Assert.Equal("SUCCESS", trusted.BackendSaw("x-client-cert-verify"));
    }

    [Fact, Trait(Feature.Trait, Feature.GatewayFrontendClientCertificateValidationInsecureFallback)]
    public async Task AGatewayWithInsecureFallbackSaysSo()
    {
        var result = await gateway.TranslatedUntilAsync(_ => true);

        Assert.True(result.Gateway("client-tls").Conditions.Has("InsecureFrontendValidationMode", "True", "ConfigurationChanged"),
            result.Gateway("client-tls").Conditions.Describe());
    }

    [Fact, Trait(Feature.Trait, Feature.GatewayFrontendClientCertificateValidation)]
    public async Task AnInvalidDefaultValidationAffectsOnlyTheHttpsListenersItTargets()
    {
        var http = await gateway.SendUntilAsync(new Request("app.example.com") { Port = 8081 }, a => a.Status == 200);
        var result = await gateway.TranslatedUntilAsync(_ => true);

        Assert.Equal(App.Identity, http.Backend);
        var https = result.Gateway("broken-client-tls").Listener("https").Conditions;
        Assert.True(https.Has("ResolvedRefs", "False", "InvalidCACertificateRef"), https.Describe());
        Assert.True(https.Has("Accepted", "False", "NoValidCACertificate"), https.Describe());
        Assert.True(https.Has("Programmed", "False"), https.Describe());
        Assert.True(result.Gateway("broken-client-tls").Listener("http").Conditions.Has("Programmed", "True"));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => gateway.SendAsync(Https(9443, gateway.Trusted)));
    }
}
