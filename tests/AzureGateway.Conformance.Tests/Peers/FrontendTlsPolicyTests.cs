using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.Cli.Demo;
using AzureGateway.Conformance.Tests.Harness;
using static AzureGateway.Conformance.Tests.Harness.Scenario;

namespace AzureGateway.Conformance.Tests.Peers;

/// <summary>
/// Frontend mTLS as Application Gateway for Containers (FrontendTLSPolicy) and Envoy Gateway (ClientTrafficPolicy)
/// configure it, end to end through the folder-mode gateway: the CA, the subject alternative names, the strict
/// predefined TLS policy, optional client certificates and the XFCC modes. Not Gateway API features, so these cases
/// carry no feature trait and are not counted in the conformance report.
/// </summary>
public sealed class FrontendTlsPolicyTests(FrontendTlsPolicyTests.Gateway gateway) : IClassFixture<FrontendTlsPolicyTests.Gateway>
{
    public static readonly Backend App = new(Infra, "app-peers-tls");

    public sealed class Gateway : Scenario
    {
        public X509Certificate2 Contoso { get; private set; } = null!;
        public X509Certificate2 NoNames { get; private set; } = null!;

        protected override IEnumerable<Backend> Backends => [App];

        protected override string Manifests()
        {
            Contoso = Authority.IssueClient("contoso-client", dnsNames: ["client.contoso.com"]);
            NoNames = Authority.IssueClient("anonymous-client");
            return Manifest.Join(
                KubernetesManifests.CaSecret(Infra, "ca.bundle", Authority.Certificate),
                $$"""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: peers-tls, namespace: {{Infra}}}
                spec:
                  gatewayClassName: {{GatewayClass}}
                  listeners:

                """ + Manifest.HttpsListener("agc", 443) + Manifest.HttpsListener("envoy", 8443) + Manifest.HttpsListener("strict", 9443),
                $$"""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: peers-tls, namespace: {{Infra}}}
                spec:
                  parentRefs: [{name: peers-tls}]
                  rules:
                  - backendRefs: [{name: app-peers-tls, port: 8080}]
                ---
                apiVersion: alb.networking.azure.io/v1
                kind: FrontendTLSPolicy
                metadata: {name: mtls-policy, namespace: {{Infra}}}
                spec:
                  targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: peers-tls, namespace: {{Infra}}, sectionNames: [agc]}
                  default:
                    verify:
                      caCertificateRef: {name: ca.bundle, group: "", kind: Secret, namespace: {{Infra}}}
                      subjectAltNames: [client.contoso.com]
                ---
                apiVersion: alb.networking.azure.io/v1
                kind: FrontendTLSPolicy
                metadata: {name: strict-policy, namespace: {{Infra}}}
                spec:
                  targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: peers-tls, sectionNames: [strict]}
                  default:
                    policyType: {type: predefined, name: 2023-06-S}
                ---
                apiVersion: gateway.envoyproxy.io/v1alpha1
                kind: ClientTrafficPolicy
                metadata: {name: optional-mtls, namespace: {{Infra}}}
                spec:
                  targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: peers-tls, sectionName: envoy}
                  headers:
                    xForwardedClientCert: {mode: AppendForward, certDetailsToAdd: [Subject, DNS]}
                  tls:
                    clientValidation:
                      optional: true
                      caCertificateRefs: [{kind: Secret, group: "", name: ca.bundle}]

                """);
        }
    }

    private static Request Https(int port, X509Certificate2? certificate) =>
        new Request("app.example.com") { Port = port, Https = true, ClientCertificate = certificate };

    [Fact]
    public async Task AFrontendTlsPolicyAdmitsAClientCertificateWithOneOfItsSubjectAltNames()
    {
        var answer = await gateway.SendUntilAsync(Https(443, gateway.Contoso), a => a.Status == 200);

        Assert.Equal(App.Identity, answer.Backend);
        Assert.Contains("DNS=client.contoso.com", answer.BackendSaw("x-forwarded-client-cert"));
    }

    [Fact]
    public async Task AFrontendTlsPolicyRefusesAClientWithoutCertificateAndOneWithoutTheSubjectAltName()
    {
        await gateway.SendUntilAsync(Https(443, gateway.Contoso), a => a.Status == 200);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => gateway.SendAsync(Https(443, null)));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => gateway.SendAsync(Https(443, gateway.NoNames)));
    }

    [Fact, SupportedOSPlatform("linux")]
    public async Task TheStrictPredefinedPolicyRefusesACbcCipherSuiteThatTheDefaultOneAllows()
    {
        await gateway.SendUntilAsync(Https(9443, null), a => a.Status == 200);

        Assert.False(await HandshakesWithAsync(9443, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256));
        Assert.True(await HandshakesWithAsync(9443, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256));
    }

    [Fact]
    public async Task AnOptionalClientTrafficPolicyServesClientsWithoutCertificateButRefusesAForeignOne()
    {
        using var other = CertificateAuthority.Create("another CA");
        using var stranger = other.IssueClient("stranger");

        var none = await gateway.SendUntilAsync(Https(8443, null), a => a.Status == 200);

        Assert.Equal("NONE", none.BackendSaw("x-client-cert-verify"));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => gateway.SendAsync(Https(8443, stranger)));
    }

    [Fact]
    public async Task AppendForwardAddsTheVerifiedClientToTheHeaderAClientSent()
    {
        var answer = await gateway.SendUntilAsync(Https(8443, gateway.Contoso).With("X-Forwarded-Client-Cert", "By=spiffe://upstream;Hash=00"),
            a => a.Status == 200);

        var forwarded = answer.BackendSaw("x-forwarded-client-cert")!;
        Assert.StartsWith("By=spiffe://upstream;Hash=00,", forwarded);
        Assert.Contains("Subject=\"CN=contoso-client\"", forwarded);
        Assert.Contains("DNS=client.contoso.com", forwarded);
    }

    [Fact]
    public async Task ThePoliciesAreAcceptedAndTheListenersSayWhoDecides()
    {
        var result = await gateway.TranslatedUntilAsync(_ => true);

        var listeners = result.Gateway("peers-tls");
        Assert.Contains("client certificates required by FrontendTLSPolicy", listeners.Listener("agc").Conditions.Condition("Programmed")!.Message);
        Assert.Contains("verified when presented by ClientTrafficPolicy", listeners.Listener("envoy").Conditions.Condition("Programmed")!.Message);
        var policy = result.Json("FrontendTLSPolicy", Infra, "mtls-policy");
        Assert.All(policy.GetProperty("conditions").EnumerateArray(), c => Assert.Equal("True", c.GetProperty("status").GetString()));
    }

    /// <summary>Whether a TLS 1.2 client offering only <paramref name="suite"/> completes a handshake with the listener.</summary>
    [SupportedOSPlatform("linux")]
    private async Task<bool> HandshakesWithAsync(int listenerPort, TlsCipherSuite suite)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, gateway.BoundPort(listenerPort));
        await using var tls = new SslStream(tcp.GetStream());
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "app.example.com",
                EnabledSslProtocols = SslProtocols.Tls12,
                CipherSuitesPolicy = new CipherSuitesPolicy([suite]),
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            });
            return true;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return false;
        }
    }
}
