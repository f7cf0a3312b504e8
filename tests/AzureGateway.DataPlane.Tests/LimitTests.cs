using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AzureGateway.DataPlane.Tests.Infrastructure;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// The limits of <see cref="DataPlaneOptions"/>, each answered with its status before anything of the refused request
/// reaches a backend.
/// </summary>
[Collection("Counted frontend failures")]
public sealed class LimitTests : IAsyncLifetime
{
    private RawBackend _backend = null!;

    public Task InitializeAsync()
    {
        _backend = RawBackend.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    private Task<TestGateway> ServeAsync(DataPlaneOptions options) => TestGateway.StartAsync(
        Ir.Gateway(Ir.HttpPort(80, Ir.Host("*", Ir.Route("route", "backend"))), Ir.Cluster("backend", _backend.Port)), options);

    [Fact]
    public async Task A_declared_body_over_the_limit_is_answered_413_and_not_forwarded()
    {
        await using var gateway = await ServeAsync(new DataPlaneOptions { MaxRequestBodyBytes = 100 });

        var (status, answer) = await RawHttp.SendAsync(gateway.DataPlane.BoundPorts[80],
            "POST / HTTP/1.1\r\nHost: app.example\r\nContent-Length: 101\r\n\r\n" + new string('x', 101));

        Assert.Equal(413, status);
        Assert.Contains("Connection: close", answer, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, _backend.Accepted);
    }

    [Fact]
    public async Task A_declared_body_at_the_limit_is_forwarded()
    {
        await using var gateway = await ServeAsync(new DataPlaneOptions { MaxRequestBodyBytes = 100 });

        var (status, _) = await RawHttp.SendAsync(gateway.DataPlane.BoundPorts[80],
            "POST / HTTP/1.1\r\nHost: app.example\r\nContent-Length: 100\r\nConnection: close\r\n\r\n" + new string('x', 100));

        Assert.Equal(200, status);
        Assert.Single(_backend.Heads);
    }

    [Fact]
    public async Task A_chunked_body_growing_over_the_limit_aborts_the_backend_request_and_is_answered_413()
    {
        _backend.Delay = TimeSpan.FromSeconds(5);
        await using var gateway = await ServeAsync(new DataPlaneOptions { MaxRequestBodyBytes = 100 });

        var (status, _) = await RawHttp.SendAsync(gateway.DataPlane.BoundPorts[80],
            "POST / HTTP/1.1\r\nHost: app.example\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            + "c8\r\n" + new string('x', 200) + "\r\n0\r\n\r\n");

        Assert.Equal(413, status);
        await Wait.UntilAsync(() => _backend.Accepted == 1 && _backend.Open == 0, "the backend connection was closed");
    }

    [Fact]
    public async Task Request_headers_over_the_limit_are_answered_431_and_not_forwarded()
    {
        await using var gateway = await ServeAsync(new DataPlaneOptions { MaxRequestHeadersTotalBytes = 4096 });
        var port = gateway.DataPlane.BoundPorts[80];

        var (over, _) = await RawHttp.SendAsync(port, $"GET / HTTP/1.1\r\nHost: app.example\r\nX-Big: {new string('x', 5000)}\r\nConnection: close\r\n\r\n");
        Assert.Equal(431, over);
        Assert.Equal(0, _backend.Accepted);

        var (under, _) = await RawHttp.SendAsync(port, $"GET / HTTP/1.1\r\nHost: app.example\r\nX-Big: {new string('x', 3000)}\r\nConnection: close\r\n\r\n");
        Assert.Equal(200, under);
    }

    [Fact]
    public async Task A_connection_over_the_limit_is_closed_unanswered_until_another_closes()
    {
        await using var gateway = await ServeAsync(new DataPlaneOptions { MaxConcurrentConnections = 2 });
        var port = gateway.DataPlane.BoundPorts[80];
        using var first = new TcpClient();
        using var second = new TcpClient();
        await first.ConnectAsync(IPAddress.Loopback, port);
        await second.ConnectAsync(IPAddress.Loopback, port);
        // One HTTP/1.1 and one h2c connection: the port's two protocols share one count. Both are counted once they
        // have been answered, so the third is surely the one over the limit.
        await first.GetStream().WriteAsync("GET / HTTP/1.1\r\nHost: app.example\r\n\r\n"u8.ToArray());
        Assert.True(await first.GetStream().ReadAsync(new byte[1024]) > 0);
        await second.GetStream().WriteAsync(PriorKnowledgeTests.ClientPreface);
        Assert.Equal(PriorKnowledgeTests.SettingsFrame, await PriorKnowledgeTests.ReadFrameTypeAsync(second.GetStream()));

        Assert.Null(await RawHttp.TryAnswerAsync(port, "GET / HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n"));

        first.Dispose();
        // Kestrel releases the closed connection's place asynchronously.
        var waited = Stopwatch.StartNew();
        string? answer;
        while ((answer = await RawHttp.TryAnswerAsync(port, "GET / HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n")) is null)
        {
            Assert.True(waited.Elapsed < Wait.Timeout, "no connection was served after one closed");
            await Task.Delay(20);
        }
        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_requests_open_at_most_the_limit_of_connections_to_a_backend()
    {
        _backend.Delay = TimeSpan.FromMilliseconds(300);
        await using var gateway = await ServeAsync(new DataPlaneOptions { MaxConnectionsPerBackend = 3 });
        using var client = gateway.Client(80);

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var response = await client.GetAsync("http://app.example/");
            return response.StatusCode;
        }));

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(12, _backend.Heads.Count);
        Assert.True(_backend.Accepted <= 3, $"the backend accepted {_backend.Accepted} connections");
    }
}
