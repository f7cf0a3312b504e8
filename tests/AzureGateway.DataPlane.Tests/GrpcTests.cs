using System.Net;
using System.Collections.Concurrent;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.EchoBackend;
using AzureGateway.EchoBackend.Grpc;
using AzureGateway.IR;
using Grpc.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// A real gRPC client (Grpc.Net.Client) through the gateway to the echo backend's gRPC service over backend mutual TLS:
/// what the backend saw, how calls share connections, and the gRPC statuses of the failures the gateway answers itself.
/// </summary>
public sealed class GrpcTests : IAsyncLifetime
{
    private const string BackendName = "backend.internal";

    private readonly CertificateAuthority _ca = CertificateAuthority.Create("gRPC Backend CA");
    private readonly CertificateAuthority _frontendCa = CertificateAuthority.Create("gRPC Frontend CA");
    private CertificateIr _clientCertificate = null!;
    private CertificateIr _frontendCertificate = null!;
    private EchoServer _backend = null!;

    public async Task InitializeAsync()
    {
        _clientCertificate = TestPki.KeyPair(_ca.IssueClient("gateway-client"));
        _frontendCertificate = TestPki.KeyPair(_frontendCa.IssueServer(["www.example.com"]));
        _backend = await StartBackendAsync();
    }

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        _ca.Dispose();
        _frontendCa.Dispose();
    }

    private Task<EchoServer> StartBackendAsync(HttpProtocols? protocols = null) => EchoServer.StartAsync(new EchoServerOptions
    {
        ServerCertificate = _ca.IssueServer([BackendName]),
        TrustedClientCertificateAuthorities = [_ca.Certificate],
        Protocols = protocols,
    }, CancellationToken.None);

    private GatewayIr Serving(int backendPort, CertificateIr? clientCertificate = null, Func<RouteIr, RouteIr>? route = null,
        Func<ClusterIr, ClusterIr>? cluster = null)
    {
        var grpcRoute = Ir.Route("grpc", "echo", r => r with { Protocol = RouteProtocolIr.Grpc });
        var backend = Ir.Cluster("echo", backendPort, Ir.Tls(BackendName, TestPki.Anchor(_ca.Certificate), clientCertificate ?? _clientCertificate)) with
        {
            Protocol = BackendProtocolIr.Http2,
        };
        return Ir.Gateway(
            Ir.HttpsPort(443, [Ir.ServerCertificate("www.example.com", _frontendCertificate)],
                Ir.Host("www.example.com", route is null ? grpcRoute : route(grpcRoute))),
            cluster is null ? backend : cluster(backend));
    }

    [Fact]
    public async Task A_unary_call_reaches_the_grpc_backend_over_mutual_tls_with_the_client_certificate_sni_and_h2()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(_backend.Port));
        using var client = new GatewayGrpcClient(gateway.DataPlane.BoundPorts[443]);

        var reply = await client.Echo.UnaryAsync(new EchoRequest { Message = "hello" });

        Assert.Equal("hello", reply.Message);
        Assert.Equal("CN=gateway-client", reply.ClientCertificateSubject);
        Assert.Equal(BackendName, reply.Sni);
        Assert.Equal("h2", reply.Alpn);
        Assert.Equal("HTTP/2", reply.HttpVersion);
        Assert.StartsWith("www.example.com", reply.Authority);
        Assert.Equal("trailers", reply.Headers["te"]);
        Assert.Empty(gateway.Logs.Lines);
    }

    [Fact]
    public async Task A_plain_text_port_serves_grpc_clients_by_h2c_and_http11_clients_on_the_same_socket()
    {
        var served = Serving(_backend.Port);
        var plainText = Ir.HttpPort(80, served.Ports[0].VirtualHosts.ToArray());
        await using var gateway = await TestGateway.StartAsync(served with { Ports = new[] { plainText } });
        using var grpc = new GatewayGrpcClient(gateway.DataPlane.BoundPorts[80], tls: false);
        using var http11 = gateway.Client(80);

        var reply = await grpc.Echo.UnaryAsync(new EchoRequest { Message = "hello" });
        using var answer = await http11.GetAsync("http://www.example.com/");

        Assert.Equal("hello", reply.Message);
        Assert.Equal("CN=gateway-client", reply.ClientCertificateSubject);
        Assert.Equal("h2", reply.Alpn);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpVersion.Version11, answer.Version);
        Assert.Empty(gateway.Logs.Lines);
    }

    [Fact]
    public async Task Many_concurrent_calls_share_few_backend_connections()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(_backend.Port));
        using var client = new GatewayGrpcClient(gateway.DataPlane.BoundPorts[443]);

        var replies = await Task.WhenAll(Enumerable.Range(0, 150).Select(i =>
            client.Echo.UnaryAsync(new EchoRequest { Message = $"call {i}", DelayMs = 200 }).ResponseAsync));

        Assert.Equal(150, replies.Select(r => r.Message).Distinct().Count());
        // Kestrel allows 100 streams per connection: 150 calls in flight at once need two, never one each.
        Assert.InRange(_backend.ConnectionCount, 1, 3);
    }

    [Fact]
    public async Task Without_multiple_http2_connections_calls_beyond_the_backend_stream_limit_wait_on_one_connection()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(_backend.Port), new DataPlaneOptions { EnableMultipleHttp2Connections = false });
        using var client = new GatewayGrpcClient(gateway.DataPlane.BoundPorts[443]);

        var replies = await Task.WhenAll(Enumerable.Range(0, 150).Select(i =>
            client.Echo.UnaryAsync(new EchoRequest { Message = $"call {i}", DelayMs = 200 }).ResponseAsync));

        Assert.Equal(150, replies.Length);
        Assert.Equal(1, _backend.ConnectionCount);
    }

    [Fact]
    public async Task A_backend_that_speaks_only_http11_answers_unavailable_to_a_grpc_client()
    {
        await using var http11 = await StartBackendAsync(HttpProtocols.Http1);
        await using var gateway = await TestGateway.StartAsync(Serving(http11.Port));
        using var client = new GatewayGrpcClient(gateway.DataPlane.BoundPorts[443]);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Echo.UnaryAsync(new EchoRequest { Message = "hello" }).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal("the gateway could not reach the backend", error.Status.Detail);
        Assert.Contains(gateway.Logs.Lines, line => line.Contains("no application protocol", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_call_no_route_matches_answers_unimplemented()
    {
        var otherPath = new RouteMatchIr { Path = new PathMatchIr { Type = PathMatchType.Exact, Value = "/other.Service/Method" } };
        await using var gateway = await TestGateway.StartAsync(Serving(_backend.Port, route: r => r with { Match = otherPath }));
        using var client = new GatewayGrpcClient(gateway.DataPlane.BoundPorts[443]);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Echo.UnaryAsync(new EchoRequest { Message = "hello" }).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Equal("no route matches this request", error.Status.Detail);
        Assert.Equal(0, _backend.ConnectionCount);
    }

    [Fact]
    public async Task A_call_past_the_route_timeout_answers_deadline_exceeded()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(_backend.Port,
            route: r => r with { Timeouts = new RouteTimeoutsIr { Request = TimeSpan.FromMilliseconds(300) } }));
        using var client = new GatewayGrpcClient(gateway.DataPlane.BoundPorts[443]);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.Echo.UnaryAsync(new EchoRequest { Message = "slow", DelayMs = 5000 }).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task A_cluster_that_cannot_serve_answers_internal()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(_backend.Port, cluster: c => c with { Failure = "a test says so" }));
        using var client = new GatewayGrpcClient(gateway.DataPlane.BoundPorts[443]);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Echo.UnaryAsync(new EchoRequest { Message = "hello" }).ResponseAsync);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Fact]
    public async Task A_grpc_route_answers_its_failures_with_a_grpc_status_whatever_the_content_type()
    {
        await using var gateway = await TestGateway.StartAsync(Serving(_backend.Port, cluster: c => c with { Failure = "a test says so" }));
        using var client = gateway.Client(443, System.Net.HttpVersion.Version20);

        using var response = await client.GetAsync("https://www.example.com/");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("13", Assert.Single(response.Headers.GetValues("grpc-status")));
        Assert.Equal("the backend of this route is not usable", Assert.Single(response.Headers.GetValues("grpc-message")));
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_client_certificate_rotation_under_a_stream_of_calls_fails_none()
    {
        var rotated = TestPki.KeyPair(_ca.IssueClient("gateway-client-rotated"));
        await using var gateway = await TestGateway.StartAsync(Serving(_backend.Port));
        using var stop = new CancellationTokenSource();
        var failures = new ConcurrentQueue<string>();
        var subjects = new ConcurrentDictionary<string, int>();
        var served = 0;
        var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var client = new GatewayGrpcClient(gateway.DataPlane.BoundPorts[443]);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var reply = await client.Echo.UnaryAsync(new EchoRequest { Message = "during rotation" });
                    subjects.AddOrUpdate(reply.ClientCertificateSubject, 1, (_, n) => n + 1);
                    Interlocked.Increment(ref served);
                }
                catch (RpcException e)
                {
                    failures.Enqueue($"{e.StatusCode}: {e.Status.Detail}");
                }
            }
        })).ToList();

        await Wait.UntilAsync(() => Volatile.Read(ref served) >= 50, "calls are served with the first client certificate");
        await gateway.ApplyAsync(Serving(_backend.Port, rotated));
        await Wait.UntilAsync(() => subjects.ContainsKey("CN=gateway-client-rotated"), "the backend sees the rotated client certificate");
        var after = Volatile.Read(ref served);
        await Wait.UntilAsync(() => Volatile.Read(ref served) >= after + 50, "calls go on with the rotated certificate");
        await stop.CancelAsync();
        await Task.WhenAll(callers);

        Assert.Empty(failures);
        Assert.Contains("CN=gateway-client", subjects.Keys);
    }
}
