using System.Diagnostics;
using System.Text.Json;
using AzureGateway.EchoBackend;

namespace AzureGateway.Conformance.Tests.Echo;

/// <summary>The plain-HTTP echo backend the suite stands behind the gateway, and what a request can ask of it.</summary>
public sealed class EchoBackendTests : IAsyncLifetime
{
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(30) };
    private EchoServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await EchoServer.StartAsync(new EchoServerOptions { Name = "ns/app" }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<(HttpResponseMessage Response, EchoResponse Echo)> SendAsync(string pathAndQuery, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_server.Port}{pathAndQuery}");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        var response = await _client.SendAsync(request);
        return (response, JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), EchoJsonContext.Default.EchoResponse)!);
    }

    [Fact]
    public async Task OverPlainHttpItAnswersWithItsNameTheQueryAndTheHeadersItSaw()
    {
        var (response, echo) = await SendAsync("/some/path?a=1&b=2", ("X-Custom", "value"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("ns/app", echo.Name);
        Assert.Equal("None", echo.TlsVersion);
        Assert.Equal("/some/path?a=1&b=2", echo.Path);
        Assert.Equal("?a=1&b=2", echo.Query);
        Assert.Equal("value", echo.Headers["x-custom"]);
        Assert.Equal("/some/path?a=1&b=2", _server.Requests.Single().Path);
    }

    [Fact]
    public async Task ARequestCanAskForAStatusAndResponseHeaders()
    {
        var (response, echo) = await SendAsync("/", ("x-echo-status", "503"), ("x-echo-set-header", "x-one: 1, x-two: 2"));

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal(["1"], response.Headers.GetValues("x-one"));
        Assert.Equal(["2"], response.Headers.GetValues("x-two"));
        Assert.Equal("ns/app", echo.Name);
    }

    [Fact]
    public async Task AStatusForSomeAttemptsOfARequestIdEndsAfterThem()
    {
        (string, string)[] failTwice = [("x-echo-status", "500"), ("x-echo-status-times", "2"), ("x-echo-request-id", "r1")];

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var (response, echo) = await SendAsync("/", failTwice);
            statuses.Add((int)response.StatusCode);
            Assert.Equal(i + 1, echo.Attempt);
        }

        Assert.Equal([500, 500, 200], statuses);
    }

    [Fact]
    public async Task ARequestCanAskForADelay()
    {
        var waited = Stopwatch.StartNew();

        var (response, _) = await SendAsync("/", ("x-echo-delay-ms", "300"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(290), $"answered after {waited.Elapsed}");
    }

    [Theory]
    [InlineData("x-echo-status", "banana")]
    [InlineData("x-echo-status", "99")]
    [InlineData("x-echo-delay-ms", "-5")]
    [InlineData("x-echo-set-header", "no colon here")]
    public async Task ADirectiveThatDoesNotParseIsIgnored(string name, string value)
    {
        var (response, echo) = await SendAsync("/", (name, value));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(value, echo.Headers[name]);
    }
}
