using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using AzureGateway.Conformance.Tests.Harness;
using AzureGateway.Model;
using AzureGateway.Translation;
using static AzureGateway.Conformance.Tests.Harness.Scenario;

namespace AzureGateway.Conformance.Tests.Cases;

/// <summary>
/// TLSRoute (GEP-2643, the spec's TLSRoute conformance tests): TLS listeners in mode Passthrough route connections by
/// SNI to backends that terminate the client's own TLS; in mode Terminate the gateway terminates with the listener's
/// certificate and re-encrypts as the backend's BackendTLSPolicy and the Gateway's client certificate say. Listener
/// and route statuses follow the spec, and routes that cannot be used leave the HTTPS listener serving.
/// </summary>
public sealed class TlsRouteTests(TlsRouteTests.Gateway gateway) : IClassFixture<TlsRouteTests.Gateway>
{
    public static readonly Backend Plain = new(Infra, "tcp-backend");
    public static readonly Backend Tls = new(Infra, "tls-backend", MutualTls: true);
    public static readonly Backend Tls2 = new(Infra, "tls-backend-2", MutualTls: true);

    public sealed class Gateway : Scenario
    {
        protected override IEnumerable<Backend> Backends => [Plain, Tls, Tls2];

        protected override string Manifests() => Manifest.Join(
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: tls, namespace: conformance-infra}
            spec:
              gatewayClassName: conformance
              tls:
                backend:
                  clientCertificateRef: {name: gateway-client-tls}
              listeners:
              - {name: https, port: 443, protocol: HTTPS, hostname: www.example.com, tls: {certificateRefs: [{name: frontend-tls}]}}
              - {name: passthrough, port: 8443, protocol: TLS, hostname: "*.example.net", tls: {mode: Passthrough}}
              - {name: terminate, port: 9443, protocol: TLS, hostname: "*.example.org", tls: {mode: Terminate, certificateRefs: [{name: frontend-tls}]}}
              - {name: mixed-passthrough, port: 10443, protocol: TLS, hostname: a.example.com, tls: {mode: Passthrough}}
              - {name: mixed-terminate, port: 10443, protocol: TLS, hostname: b.example.com, tls: {mode: Terminate, certificateRefs: [{name: frontend-tls}]}}
              - name: kinds
                port: 11443
                protocol: TLS
                allowedRoutes: {kinds: [{kind: TCPRoute}, {kind: TLSRoute}]}
                tls: {mode: Passthrough}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: web, namespace: conformance-infra}
            spec:
              parentRefs: [{name: tls, sectionName: https}]
              rules:
              - backendRefs: [{name: tcp-backend, port: 8080}]

            """,
            Route("through", "passthrough", "db.example.net", "tls-backend"),
            Route("through-wildcard", "passthrough", "\"*.example.net\"", "tls-backend-2"),
            Route("terminated", "terminate", "app.example.org", "tls-backend"),
            Route("terminated-plain", "terminate", "plain.example.org", "tcp-backend"),
            Route("on-https", "https", "www.example.com", "tls-backend"),
            Route("no-section", "nothing", "db.example.net", "tls-backend"),
            Route("other-hostname", "terminate", "app.example.com", "tls-backend"),
            Route("mixed-through", "mixed-passthrough", "a.example.com", "tls-backend"),
            Route("mixed-terminated", "mixed-terminate", "b.example.com", "tcp-backend"),
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: TLSRoute
            metadata: {name: unknown-kind, namespace: conformance-infra}
            spec:
              parentRefs: [{name: tls, sectionName: passthrough}]
              hostnames: [bad.example.net]
              rules:
              - backendRefs: [{group: example.com, kind: Database, name: pg}]

            """);

        private static string Route(string name, string section, string hostname, string backend) =>
            $"apiVersion: gateway.networking.k8s.io/v1\nkind: TLSRoute\nmetadata: {{name: {name}, namespace: {Infra}}}\nspec:\n" +
            $"  parentRefs: [{{name: tls, sectionName: {section}}}]\n  hostnames: [{hostname}]\n" +
            $"  rules:\n  - backendRefs: [{{name: {backend}, port: 8080}}]\n";
    }

    private async Task<Answer> SendAsync(int port, string serverName, System.Security.Cryptography.X509Certificates.X509Certificate2? clientCertificate = null) =>
        await gateway.SendUntilAsync(new Request(serverName) { Port = port, Https = true, Sni = serverName, ClientCertificate = clientCertificate }, a => a.Status == 200);

    [Fact, Trait(Feature.Trait, Feature.TlsRoute)]
    public async Task APassthroughRouteHandsTheClientsOwnTlsToTheBackend()
    {
        using var client = gateway.Authority.IssueClient("conformance-client");

        var answer = await SendAsync(8443, "db.example.net", client);

        Assert.Equal(Tls.Identity, answer.Backend);
        // The backend terminated the client's TLS: it saw the client's SNI and certificate, not the gateway's.
        Assert.Equal("db.example.net", answer.Echo!.Sni);
        Assert.Equal("CN=conformance-client", answer.Echo.ClientCertificateSubject);
    }

    [Theory, Trait(Feature.Trait, Feature.TlsRoute)]
    [InlineData("db.example.net", "conformance-infra/tls-backend")]
    [InlineData("other.example.net", "conformance-infra/tls-backend-2")]
    [InlineData("a.b.example.net", "conformance-infra/tls-backend-2")]
    public async Task AnExactHostnameTakesPrecedenceOverAWildcard(string serverName, string backend)
    {
        using var client = gateway.Authority.IssueClient("conformance-client");

        var answer = await SendAsync(8443, serverName, client);

        Assert.Equal(backend, answer.Backend);
    }

    [Fact, Trait(Feature.Trait, Feature.TlsRouteModeTerminate)]
    public async Task ATerminateRouteReencryptsWithTheBackendTlsPolicyAndTheGatewaysClientCertificate()
    {
        var answer = await SendAsync(9443, "app.example.org");

        Assert.Equal(Tls.Identity, answer.Backend);
        Assert.Equal(BackendHostname(Tls), answer.Echo!.Sni);
        Assert.Equal("CN=conformance-gateway", answer.Echo.ClientCertificateSubject);
    }

    [Fact, Trait(Feature.Trait, Feature.TlsRouteModeTerminate)]
    public async Task ATerminateRouteToABackendWithoutTlsSendsPlainBytes()
    {
        var answer = await SendAsync(9443, "plain.example.org");

        Assert.Equal(Plain.Identity, answer.Backend);
        Assert.Equal("None", answer.Echo!.TlsVersion);
    }

    [Fact, Trait(Feature.Trait, Feature.TlsRoute)]
    public async Task ATlsListenerSupportsTlsRoutesAndNamesTheKindsItCannot()
    {
        var translated = await gateway.TranslatedUntilAsync(r => TlsRoute(r, "through") is not null);
        var status = translated.Gateway("tls");

        var passthrough = status.Listener("passthrough");
        Assert.Equal(["TLSRoute"], passthrough.SupportedKinds.Select(k => k.Kind));
        Assert.Equal(3, passthrough.AttachedRoutes);
        Assert.True(passthrough.Conditions.Has("Programmed", "True"), passthrough.Conditions.Describe());
        var kinds = status.Listener("kinds");
        Assert.Equal(["TLSRoute"], kinds.SupportedKinds.Select(k => k.Kind));
        Assert.True(kinds.Conditions.Has("ResolvedRefs", "False", "InvalidRouteKinds"), kinds.Conditions.Describe());
        Assert.Equal(["HTTPRoute", "GRPCRoute"], status.Listener("https").SupportedKinds.Select(k => k.Kind));
        Assert.Equal(1, status.Listener("https").AttachedRoutes);
    }

    [Fact, Trait(Feature.Trait, Feature.TlsRouteModeMixed)]
    public async Task TlsListenersOfBothModesShareAPortAndEachConnectionIsServedInItsRoutesMode()
    {
        using var client = gateway.Authority.IssueClient("conformance-client");

        var passedThrough = await SendAsync(10443, "a.example.com", client);
        var terminated = await SendAsync(10443, "b.example.com");

        // The passthrough backend terminated the client's own TLS; the terminating listener sent the bytes on in plain text.
        Assert.Equal(Tls.Identity, passedThrough.Backend);
        Assert.Equal("a.example.com", passedThrough.Echo!.Sni);
        Assert.Equal("CN=conformance-client", passedThrough.Echo.ClientCertificateSubject);
        Assert.Equal(Plain.Identity, terminated.Backend);
        var status = gateway.Latest.Gateway("tls");
        foreach (var name in new[] { "mixed-passthrough", "mixed-terminate" })
        {
            var listener = status.Listener(name);
            Assert.True(listener.Conditions.Has("Accepted", "True"), listener.Conditions.Describe());
            Assert.False(listener.Conditions.Has("Conflicted", "True"), listener.Conditions.Describe());
            Assert.Equal(1, listener.AttachedRoutes);
        }
    }

    [Theory, Trait(Feature.Trait, Feature.TlsRoute)]
    [InlineData("on-https", "https", "NotAllowedByListeners")]
    [InlineData("no-section", "nothing", "NoMatchingParent")]
    [InlineData("other-hostname", "terminate", "NoMatchingListenerHostname")]
    public async Task ATlsRouteThatCannotAttachIsNotAccepted(string route, string section, string reason)
    {
        var translated = await gateway.TranslatedUntilAsync(r => TlsRoute(r, route) is not null);

        var parent = TlsRoute(translated, route).Parent("tls", section);
        Assert.NotNull(parent);
        Assert.True(parent.Conditions.Has("Accepted", "False", reason), parent.Conditions.Describe());
    }

    [Fact, Trait(Feature.Trait, Feature.TlsRoute)]
    public async Task ABackendRefOfAnUnknownKindIsReportedItsConnectionsAreRejectedAndTheHttpsListenerKeepsServing()
    {
        var translated = await gateway.TranslatedUntilAsync(r => TlsRoute(r, "unknown-kind") is not null);
        var parent = TlsRoute(translated, "unknown-kind").Parent("tls", "passthrough");
        Assert.True(parent!.Conditions.Has("Accepted", "True"), parent.Conditions.Describe());
        Assert.True(parent.Conditions.Has("ResolvedRefs", "False", "InvalidKind"), parent.Conditions.Describe());

        await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(gateway.BoundPort(8443), "bad.example.net"));

        var https = await gateway.SendUntilAsync(new Request("www.example.com") { Port = 443, Https = true }, a => a.Status == 200);
        Assert.Equal(Plain.Identity, https.Backend);
    }

    private static RouteStatus? TlsRoute(TranslationResult result, string name) =>
        result.Statuses.SingleOrDefault(s => s.Resource.Kind == "TLSRoute" && s.Resource.Namespace == Infra && s.Resource.Name == name)?.Status as RouteStatus;

    /// <summary>A TLS handshake with the gateway port, then one read: throws when the gateway closes the connection.</summary>
    private static async Task HandshakeAsync(int port, string serverName)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        }).WaitAsync(Patience);
    }
}
