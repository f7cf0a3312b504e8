using System.Net;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// The CORS filter: preflights from allowed origins are answered by the gateway, answers to allowed origins carry
/// the CORS headers, and an origin that is not allowed gets none.
/// </summary>
public sealed class CorsTests : IAsyncLifetime
{
    private TestBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await TestBackend.StartAsync("app");

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    private static readonly CorsIr Listed = new()
    {
        AllowOrigins = new[] { "https://www.foo.com", "https://*.bar.com" },
        AllowMethods = new[] { "GET", "OPTIONS" },
        AllowHeaders = new[] { "x-header-1", "x-header-2" },
        ExposeHeaders = new[] { "x-header-3", "x-header-4" },
        AllowCredentials = true,
        MaxAgeSeconds = 3600,
    };

    private static readonly CorsIr Wildcards = new()
    {
        AllowOrigins = new[] { "*" },
        AllowMethods = new[] { "*" },
        AllowHeaders = new[] { "*" },
    };

    private Task<TestGateway> ServeAsync(CorsIr cors) => TestGateway.StartAsync(Ir.Gateway(
        Ir.HttpPort(8080, Ir.Host("*", Ir.Route("cors", "app", r => r with { Cors = cors }))),
        Ir.Cluster("app", _backend.Port)));

    private static HttpRequestMessage Preflight(string origin, string method, string? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "http://api.example.com/cors");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        if (headers is not null)
        {
            request.Headers.Add("Access-Control-Request-Headers", headers);
        }
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    [Theory]
    [InlineData("https://www.foo.com")]
    [InlineData("https://www.bar.com")]
    [InlineData("https://xpto.www.bar.com")]
    public async Task Preflight_from_an_allowed_origin_is_answered_by_the_gateway_with_the_allowed_lists(string origin)
    {
        await using var gateway = await ServeAsync(Listed);
        using var client = gateway.Client(8080);

        using var response = await client.SendAsync(Preflight(origin, "GET", "x-header-1, x-header-2"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(origin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("GET, OPTIONS", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("x-header-1, x-header-2", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("x-header-3, x-header-4", Header(response, "Access-Control-Expose-Headers"));
        Assert.Equal("3600", Header(response, "Access-Control-Max-Age"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Empty(_backend.Requests);
    }

    [Theory]
    [InlineData("https://foobar.com")]
    [InlineData("https://bar.com")]
    [InlineData("http://www.foo.com")]
    public async Task Origins_that_are_not_allowed_get_no_cors_headers(string origin)
    {
        await using var gateway = await ServeAsync(Listed);
        using var client = gateway.Client(8080);

        using var preflight = await client.SendAsync(Preflight(origin, "GET"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://api.example.com/cors");
        request.Headers.Add("Origin", origin);
        using var answer = await client.SendAsync(request);

        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Null(Header(answer, "Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task Answers_to_an_allowed_origin_carry_origin_credentials_and_exposed_headers()
    {
        await using var gateway = await ServeAsync(Listed);
        using var client = gateway.Client(8080);
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://api.example.com/cors");
        request.Headers.Add("Origin", "https://www.foo.com");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://www.foo.com", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Equal("x-header-3, x-header-4", Header(response, "Access-Control-Expose-Headers"));
        Assert.Contains("Origin", Header(response, "Vary"));
        Assert.Equal("/cors", _backend.Last.PathAndQuery);
    }

    [Fact]
    public async Task Wildcards_echo_what_the_preflight_asked_for_and_give_no_credentials()
    {
        await using var gateway = await ServeAsync(Wildcards);
        using var client = gateway.Client(8080);

        using var response = await client.SendAsync(Preflight("https://foobar.com:12345", "PUT", "x-header-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://foobar.com:12345", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("PUT", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("x-header-1", Header(response, "Access-Control-Allow-Headers"));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
    }
}
