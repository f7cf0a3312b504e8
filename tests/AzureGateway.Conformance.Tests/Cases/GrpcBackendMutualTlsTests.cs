using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using AzureGateway.Cli.Demo;
using AzureGateway.Conformance.Tests.Harness;
using AzureGateway.EchoBackend;
using AzureGateway.EchoBackend.Grpc;
using AzureGateway.Model;
using Google.Protobuf;
using Grpc.Core;
using static AzureGateway.Conformance.Tests.Harness.Scenario;

namespace AzureGateway.Conformance.Tests.Cases;

/// <summary>
/// A real gRPC client through GRPCRoutes on HTTPS listeners to the echo backend's gRPC service over backend mutual TLS,
/// with the TLS said in each of the three styles the gateway reads: a Gateway API BackendTLSPolicy with the Gateway's
/// <c>spec.tls.backend.clientCertificateRef</c>, an <c>alb.networking.azure.io/v1</c> BackendTLSPolicy with its own
/// client certificate, and an Envoy Gateway Backend's <c>spec.tls</c> with the EnvoyProxy's client certificate. The
/// backend reports what it saw; failures reach the client as the gRPC statuses it expects. A WebSocket goes the same
/// way through an HTTPRoute.
/// </summary>
public sealed class GrpcBackendMutualTlsTests(GrpcBackendMutualTlsTests.Gateway gateway) : IClassFixture<GrpcBackendMutualTlsTests.Gateway>
{
    public static readonly Backend GatewayApi = new(Infra, "grpc-gateway-api", MutualTls: true);
    public static readonly Backend Alb = new(Infra, "grpc-alb", MutualTls: true) { TlsPolicyInScenario = true };
    public static readonly Backend Envoy = new(Infra, "grpc-envoy", MutualTls: true) { TlsPolicyInScenario = true };
    public static readonly Backend Admin = new(Infra, "grpc-admin", MutualTls: true);
    public static readonly Backend Untrusted = new(Infra, "grpc-untrusted", MutualTls: true) { SubjectAltName = "someone-else.backend.test" };
    public static readonly Backend WebSocket = new(Infra, "ws-echo", MutualTls: true);

    /// <summary>The Gateway whose client certificate backends see unless their own policy names one.</summary>
    private const int MutualTlsPort = 443;

    /// <summary>The same Gateway's plain-text HTTP listener.</summary>
    private const int PlainTextPort = 80;

    /// <summary>The Gateway of the class whose EnvoyProxy names the client certificate.</summary>
    private const int EnvoyPort = 8443;

    public sealed class Gateway : Scenario
    {
        protected override IEnumerable<Backend> Backends => [GatewayApi, Alb, Envoy, Admin, Untrusted, WebSocket];

        protected override string Manifests()
        {
            using var albClient = Authority.IssueClient("conformance-alb-client");
            using var envoyProxyClient = Authority.IssueClient("conformance-envoyproxy-client");
            return Manifest.Join(
                $$"""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: grpc-mtls, namespace: {{Infra}}}
                spec:
                  gatewayClassName: {{GatewayClass}}
                  tls:
                    backend:
                      clientCertificateRef: {name: {{GatewayClientSecret}}}
                  listeners:
                {{Manifest.HttpsListener("https", MutualTlsPort)}}
                  - {name: http, port: {{PlainTextPort}}, protocol: HTTP}

                """,
                GrpcRoute("gateway-api", "grpc-mtls", "gateway-api.example.com", $"[{{name: {GatewayApi.Name}, port: 8080}}]"),
                GrpcRoute("alb", "grpc-mtls", "alb.example.com", $"[{{name: {Alb.Name}, port: 8080}}]"),
                GrpcRoute("untrusted", "grpc-mtls", "untrusted.example.com", $"[{{name: {Untrusted.Name}, port: 8080}}]"),
                // One rule per service: the echo service's method to one backend, every method of another service to another.
                $$$"""
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata: {name: methods, namespace: {{{Infra}}}}
                spec:
                  parentRefs: [{name: grpc-mtls}]
                  hostnames: [methods.example.com]
                  rules:
                  - matches: [{method: {service: azuregateway.echo.v1.Echo, method: Unary}}]
                    backendRefs: [{name: {{{GatewayApi.Name}}}, port: 8080}]
                  - matches: [{method: {type: RegularExpression, service: "azuregateway\\.echo\\.v1\\.Adm.*"}}]
                    backendRefs: [{name: {{{Admin.Name}}}, port: 8080}]

                """,
                $$"""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: websocket, namespace: {{Infra}}}
                spec:
                  parentRefs: [{name: grpc-mtls}]
                  hostnames: [ws.example.com]
                  rules:
                  - backendRefs: [{name: {{WebSocket.Name}}, port: 8080}]

                """,
                $$"""
                apiVersion: alb.networking.azure.io/v1
                kind: BackendTLSPolicy
                metadata: {name: {{Alb.Name}}, namespace: {{Infra}}}
                spec:
                  targetRef: {group: "", kind: Service, name: {{Alb.Name}}, namespace: {{Infra}}}
                  default:
                    sni: {{BackendHostname(Alb)}}
                    ports: [{port: 8080}]
                    clientCertificateRef: {group: "", kind: Secret, name: alb-client-tls}
                    verify:
                      caCertificateRef: {group: "", kind: Secret, name: backend-ca-secret}
                      subjectAltName: {{BackendHostname(Alb)}}

                """,
                KubernetesManifests.TlsSecret(Infra, "alb-client-tls", albClient),
                KubernetesManifests.CaSecret(Infra, "backend-ca-secret", Authority.Certificate),
                $$$"""
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: conformance-envoy-proxy}
                spec:
                  controllerName: {{{ResourceKinds.ControllerName}}}
                  parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: backend-tls, namespace: {{{Infra}}}}
                ---
                apiVersion: gateway.envoyproxy.io/v1alpha1
                kind: EnvoyProxy
                metadata: {name: backend-tls, namespace: {{{Infra}}}}
                spec:
                  backendTLS:
                    clientCertificateRef: {kind: Secret, name: envoyproxy-client-tls, namespace: {{{Infra}}}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: grpc-envoy, namespace: {{{Infra}}}}
                spec:
                  gatewayClassName: conformance-envoy-proxy
                  listeners:
                {{{Manifest.HttpsListener("https", EnvoyPort)}}}
                ---
                apiVersion: gateway.envoyproxy.io/v1alpha1
                kind: Backend
                metadata: {name: {{{Envoy.Name}}}, namespace: {{{Infra}}}}
                spec:
                  endpoints: [{ip: {address: 127.0.0.1, port: {{{Server(Envoy).Port}}}}}]
                  tls:
                    sni: {{{BackendHostname(Envoy)}}}
                    caCertificateRefs: [{group: "", kind: ConfigMap, name: {{{BackendCaConfigMap}}}}]

                """,
                KubernetesManifests.TlsSecret(Infra, "envoyproxy-client-tls", envoyProxyClient),
                GrpcRoute("envoy", "grpc-envoy", "envoy.example.com", $"[{{group: gateway.envoyproxy.io, kind: Backend, name: {Envoy.Name}}}]"));
        }

        private static string GrpcRoute(string name, string gateway, string hostname, string backendRefs) => $$"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: GRPCRoute
            metadata: {name: {{name}}, namespace: {{Infra}}}
            spec:
              parentRefs: [{name: {{gateway}}}]
              hostnames: [{{hostname}}]
              rules:
              - backendRefs: {{backendRefs}}

            """;
    }

    [Fact, Trait(Feature.Trait, Feature.GrpcRoute)]
    public async Task WithAGatewayApiBackendTlsPolicyTheBackendSeesTheGatewaysClientCertificateTheSniAndH2()
    {
        var reply = await CallAsync(MutualTlsPort, "gateway-api.example.com");

        AssertSaw(reply, GatewayApi, "CN=conformance-gateway");
    }

    [Fact, Trait(Feature.Trait, Feature.GrpcRoute)]
    public async Task WithAnAlbBackendTlsPolicyTheBackendSeesThePolicysClientCertificateTheSniAndH2()
    {
        var reply = await CallAsync(MutualTlsPort, "alb.example.com");

        AssertSaw(reply, Alb, "CN=conformance-alb-client");
    }

    [Fact, Trait(Feature.Trait, Feature.GrpcRoute)]
    public async Task WithAnEnvoyGatewayBackendTheBackendSeesTheEnvoyProxysClientCertificateTheSniAndH2()
    {
        var reply = await CallAsync(EnvoyPort, "envoy.example.com");

        AssertSaw(reply, Envoy, "CN=conformance-envoyproxy-client");
    }

    [Fact, Trait(Feature.Trait, Feature.GrpcRoute)]
    public async Task OnAPlainTextListenerAGrpcClientArrivesByH2cAndAnHttp11ClientOnTheSamePort()
    {
        var reply = await CallAsync(PlainTextPort, "gateway-api.example.com", tls: false);
        var answer = await gateway.SendUntilAsync(new Request("ws.example.com") { Port = PlainTextPort }, a => a.Status == 200);

        AssertSaw(reply, GatewayApi, "CN=conformance-gateway");
        Assert.Equal(WebSocket.Identity, answer.Backend);
        Assert.Equal("HTTP/1.1", answer.Echo!.HttpVersion);
    }

    [Fact, Trait(Feature.Trait, Feature.GrpcRoute)]
    public async Task MethodMatchesSendTwoServicesToTwoBackends()
    {
        var echo = await CallAsync(MutualTlsPort, "methods.example.com");
        Assert.Equal(GatewayApi.Identity, echo.Name);
        Assert.Equal(0, gateway.Server(Admin).ConnectionCount);

        // The admin backend serves no such service: its own UNIMPLEMENTED, not the gateway's, shows the call reached it.
        var admin = await FailureAsync(MutualTlsPort, "methods.example.com", StatusCode.Unimplemented, "azuregateway.echo.v1.Admin");

        Assert.Equal(StatusCode.Unimplemented, admin.StatusCode);
        Assert.NotEqual(NoRoute, admin.Status.Detail);
        Assert.True(gateway.Server(Admin).ConnectionCount > 0, "the admin backend was not contacted");
    }

    [Fact, Trait(Feature.Trait, Feature.GrpcRoute)]
    public async Task ACallNoRouteMatchesIsUnimplemented()
    {
        var error = await FailureAsync(MutualTlsPort, "methods.example.com", StatusCode.Unimplemented, "azuregateway.echo.v1.Missing");

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Equal(NoRoute, error.Status.Detail);
    }

    [Fact, Trait(Feature.Trait, Feature.GrpcRoute)]
    public async Task ABackendWhoseCertificateFailsVerificationIsUnavailable()
    {
        var error = await FailureAsync(MutualTlsPort, "untrusted.example.com", StatusCode.Unavailable);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal("the gateway could not reach the backend", error.Status.Detail);
    }

    [Fact, Trait(Feature.Trait, Feature.GatewayBackendClientCertificate)]
    public async Task AWebSocketRoundTripsThroughAnHttpRouteOverBackendMutualTls()
    {
        using var invoker = LoopbackInvoker(gateway.BoundPort(MutualTlsPort));
        using var socket = await OpenAsync(invoker, new Uri("wss://ws.example.com/chat"));

        var seen = JsonSerializer.Deserialize(await ReceiveAsync(socket), EchoJsonContext.Default.EchoResponse)!;
        await socket.SendAsync(Encoding.UTF8.GetBytes("ping"), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var echoed = await ReceiveAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

        Assert.Equal("ping", echoed);
        Assert.Equal(WebSocket.Identity, seen.Name);
        Assert.Equal("CN=conformance-gateway", seen.ClientCertificateSubject);
        Assert.Equal(BackendHostname(WebSocket), seen.Sni);
        Assert.Equal("/chat", seen.Path);
        Assert.Equal("HTTP/1.1", seen.HttpVersion);
    }

    /// <summary>What the gateway says when no route matches a gRPC call.</summary>
    private const string NoRoute = "no route matches this request";

    private static void AssertSaw(EchoReply reply, Backend backend, string clientCertificate)
    {
        Assert.Equal("hello", reply.Message);
        Assert.Equal(backend.Identity, reply.Name);
        Assert.Equal(clientCertificate, reply.ClientCertificateSubject);
        Assert.Equal(BackendHostname(backend), reply.Sni);
        Assert.Equal("h2", reply.Alpn);
        Assert.Equal("HTTP/2", reply.HttpVersion);
    }

    /// <summary>A unary call of the echo service, repeated until it succeeds (configuration arrives moments after start).</summary>
    private async Task<EchoReply> CallAsync(int port, string host, bool tls = true)
    {
        using var client = new GrpcClient(gateway.BoundPort(port), host, tls);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await client.Echo.UnaryAsync(new EchoRequest { Message = "hello" }, deadline: DateTime.UtcNow.Add(Patience));
            }
            catch (RpcException) when (waited.Elapsed < Patience)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>
    /// A unary call of the echo method under <paramref name="service"/>, repeated until it fails with
    /// <paramref name="expected"/> or <see cref="Patience"/> has passed; the last failure.
    /// </summary>
    private async Task<RpcException> FailureAsync(int port, string host, StatusCode expected, string service = "azuregateway.echo.v1.Echo")
    {
        using var client = new GrpcClient(gateway.BoundPort(port), host);
        var method = new Method<EchoRequest, EchoReply>(MethodType.Unary, service, "Unary",
            Marshallers.Create(r => r.ToByteArray(), EchoRequest.Parser.ParseFrom),
            Marshallers.Create(r => r.ToByteArray(), EchoReply.Parser.ParseFrom));
        var invoker = client.Channel.CreateCallInvoker();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            RpcException? error = null;
            try
            {
                await invoker.AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.Add(Patience)), new EchoRequest { Message = "hello" });
            }
            catch (RpcException e)
            {
                error = e;
            }
            if ((error is not null && error.StatusCode == expected) || waited.Elapsed >= Patience)
            {
                return error ?? throw new Xunit.Sdk.XunitException($"the call succeeded; expected {expected}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// A WebSocket to <paramref name="uri"/>, opened again until the gateway accepts it (configuration arrives moments
    /// after start): a ClientWebSocket that failed to connect cannot try again.
    /// </summary>
    private static async Task<ClientWebSocket> OpenAsync(HttpMessageInvoker invoker, Uri uri)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var socket = new ClientWebSocket();
            try
            {
                await socket.ConnectAsync(uri, invoker, CancellationToken.None);
                return socket;
            }
            catch (WebSocketException) when (waited.Elapsed < Patience)
            {
                socket.Dispose();
                await Task.Delay(50);
            }
        }
    }

    private static async Task<string> ReceiveAsync(System.Net.WebSockets.WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var total = 0;
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(total), timeout.Token);
            total += received.Count;
            if (received.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer, 0, total);
            }
        }
    }

    private static HttpMessageInvoker LoopbackInvoker(int port) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) => await Loopback.ConnectAsync(port, cancellationToken),
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    });
}
