using AzureGateway.DataPlane.Tests.Infrastructure;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// What the gateway owes its backends: hop-by-hop headers removed, malformed requests answered at the gateway and
/// never forwarded, limits answered with their status before anything reaches the backend.
/// </summary>
public sealed class RequestHygieneTests : IAsyncLifetime
{
    private RawBackend _backend = null!;
    private TestGateway _gateway = null!;

    private int Port => _gateway.DataPlane.BoundPorts[80];

    public async Task InitializeAsync()
    {
        _backend = RawBackend.Start();
        _gateway = await TestGateway.StartAsync(Ir.Gateway(Ir.HttpPort(80, Ir.Host("*", Ir.Route("route", "backend"))), Ir.Cluster("backend", _backend.Port)));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task Headers_named_in_Connection_are_not_forwarded()
    {
        var (status, _) = await RawHttp.SendAsync(Port,
            "GET / HTTP/1.1\r\nHost: app.example\r\nConnection: X-Hop, x-other\r\nX-Hop: 1\r\nX-Other: 2\r\nX-Kept: 3\r\n\r\n"
            + "GET / HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, status);
        var head = _backend.Heads[0];
        Assert.DoesNotContain("x-hop:", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("x-other:", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("X-Kept: 3", head, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Content-Length: 5 \r\nContent-Length: 5\r\n")]
    [InlineData("X-Bad: a\u0001b\r\n")]
    [InlineData("X-Bad: a\u007fb\r\n")]
    [InlineData("X-Bad: a\u0000b\r\n")]
    public async Task Malformed_headers_are_answered_400_and_not_forwarded(string header)
    {
        var (status, _) = await RawHttp.SendAsync(Port, $"POST / HTTP/1.1\r\nHost: app.example\r\n{header}Connection: close\r\n\r\nhello");

        Assert.Equal(400, status);
        Assert.Empty(_backend.Heads);
    }

    [Fact]
    public async Task A_signed_Content_Length_reaches_the_backend_as_the_number_the_gateway_read()
    {
        var (status, _) = await RawHttp.SendAsync(Port, "POST / HTTP/1.1\r\nHost: app.example\r\nContent-Length: +5\r\nConnection: close\r\n\r\nhello");

        Assert.Equal(200, status);
        Assert.Contains("Content-Length: 5\r\n", Assert.Single(_backend.Heads) + "\r\n", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_tab_in_a_header_value_is_forwarded()
    {
        var (status, _) = await RawHttp.SendAsync(Port, "GET / HTTP/1.1\r\nHost: app.example\r\nX-Tab: a\tb\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, status);
        Assert.Contains("a\tb", Assert.Single(_backend.Heads), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http10_request_without_Host_is_answered_400()
    {
        var (status, _) = await RawHttp.SendAsync(Port, "GET / HTTP/1.0\r\n\r\n");

        Assert.Equal(400, status);
        Assert.Empty(_backend.Heads);
    }
}
