using System.Net;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.IR;
using Microsoft.AspNetCore.Http;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// Header modifiers, URL rewrites, redirects and route failures, end to end on a plain HTTP port in front of a
/// plain HTTP backend that records what it got.
/// </summary>
public sealed class FilterTests : IAsyncLifetime
{
    private TestBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await TestBackend.StartAsync("app");

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    private Task<TestGateway> ServeAsync(params RouteIr[] routes) =>
        TestGateway.StartAsync(Ir.Gateway(Ir.HttpPort(8080, Ir.Host("*", routes)), Ir.Cluster("app", _backend.Port)));

    private static HeaderValueIr Header(string name, string value) => new() { Name = name, Value = value };

    private static RouteMatchIr Prefix(string value) => new() { Path = new PathMatchIr { Type = PathMatchType.PathPrefix, Value = value } };

    [Fact]
    public async Task Request_headers_are_set_then_added_then_removed_by_the_rule_then_by_the_picked_backend()
    {
        var route = Ir.Route("headers", "app", r => r with
        {
            Filters = new HttpFiltersIr
            {
                RequestHeaders = new HeaderModifierIr
                {
                    Set = new[] { Header("X-Set", "by-rule"), Header("X-Overridden", "by-rule") },
                    Add = new[] { Header("X-Add", "added") },
                    Remove = new[] { "X-Remove" },
                },
            },
            Backends = new[]
            {
                new WeightedClusterIr
                {
                    Cluster = "app",
                    Weight = 1,
                    Filters = new HttpFiltersIr { RequestHeaders = new HeaderModifierIr { Set = new[] { Header("X-Overridden", "by-backend") } } },
                },
            },
        });
        await using var gateway = await ServeAsync(route);
        using var client = gateway.Client(8080);
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://www.example.com/a");
        request.Headers.Add("X-Set", "from-client");
        request.Headers.Add("X-Add", "from-client");
        request.Headers.Add("X-Remove", "from-client");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = _backend.Last;
        Assert.Equal("by-rule", seen.Header("X-Set"));
        Assert.Equal("from-client, added", seen.Header("X-Add"));
        Assert.Null(seen.Header("X-Remove"));
        Assert.Equal("by-backend", seen.Header("X-Overridden"));
        Assert.Equal("www.example.com", seen.Host);
    }

    [Fact]
    public async Task Response_headers_are_set_added_and_removed_on_the_answer()
    {
        await using var backend = await TestBackend.StartAsync("answers", async context =>
        {
            context.Response.Headers["X-Backend-Set"] = "backend";
            context.Response.Headers["X-Backend-Secret"] = "secret";
            await context.Response.WriteAsync("ok");
        });
        var route = Ir.Route("response", "answers", r => r with
        {
            Filters = new HttpFiltersIr
            {
                ResponseHeaders = new HeaderModifierIr
                {
                    Set = new[] { Header("X-Backend-Set", "gateway") },
                    Add = new[] { Header("X-Gateway", "added") },
                    Remove = new[] { "X-Backend-Secret" },
                },
            },
        });
        await using var gateway = await TestGateway.StartAsync(Ir.Gateway(Ir.HttpPort(8080, Ir.Host("*", route)), Ir.Cluster("answers", backend.Port)));
        using var client = gateway.Client(8080);

        using var response = await client.GetAsync("http://www.example.com/");

        Assert.Equal(["gateway"], response.Headers.GetValues("X-Backend-Set"));
        Assert.Equal(["added"], response.Headers.GetValues("X-Gateway"));
        Assert.False(response.Headers.Contains("X-Backend-Secret"));
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/prefix", "/prefix/one", "/", "/one")]
    [InlineData("/prefix", "/prefix/one", "/new", "/new/one")]
    [InlineData("/prefix", "/prefix/one", "/new/", "/new/one")]
    [InlineData("/prefix/", "/prefix/one", "/new", "/new/one")]
    [InlineData("/prefix", "/prefix", "/new", "/new")]
    [InlineData("/prefix", "/prefix/", "/new", "/new/")]
    [InlineData("/prefix", "/prefix/", "/", "/")]
    [InlineData("/prefix", "/prefix", "/", "/")]
    [InlineData("/", "/one/two", "/new", "/new/one/two")]
    public async Task Prefix_rewrite_replaces_whole_path_elements_and_keeps_the_query(string prefix, string path, string replacement, string expected)
    {
        var route = Ir.Route("rewrite", Prefix(prefix), ("app", 1)) with
        {
            Filters = new HttpFiltersIr
            {
                UrlRewrite = new UrlRewriteIr
                {
                    Path = new PathModifierIr { Type = PathModifierType.ReplacePrefixMatch, Value = replacement, MatchedPrefix = prefix },
                },
            },
        };
        await using var gateway = await ServeAsync(route);
        using var client = gateway.Client(8080);

        using var response = await client.GetAsync($"http://www.example.com{path}?q=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{expected}?q=1", _backend.Last.PathAndQuery);
    }

    [Fact]
    public async Task Full_path_and_hostname_rewrite_change_what_the_backend_sees()
    {
        var route = Ir.Route("rewrite", "app", r => r with
        {
            Filters = new HttpFiltersIr
            {
                UrlRewrite = new UrlRewriteIr
                {
                    Hostname = "internal.example.net",
                    Path = new PathModifierIr { Type = PathModifierType.ReplaceFullPath, Value = "/replaced" },
                },
            },
        });
        await using var gateway = await ServeAsync(route);
        using var client = gateway.Client(8080);

        using var response = await client.GetAsync("http://www.example.com/any/path?x=y");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/replaced?x=y", _backend.Last.PathAndQuery);
        Assert.Equal("internal.example.net", _backend.Last.Host);
    }

    [Theory]
    // Nothing set: the request's scheme and host, the listener's port as the Gateway declares it.
    [InlineData(null, null, null, 302, "http://www.example.com:8080/a/b?q=1")]
    // A scheme: its well-known port, left out.
    [InlineData("https", null, null, 301, "https://www.example.com/a/b?q=1")]
    [InlineData("http", null, null, 302, "http://www.example.com/a/b?q=1")]
    // A port: kept unless it is the scheme's well-known one.
    [InlineData("https", null, 8443, 308, "https://www.example.com:8443/a/b?q=1")]
    [InlineData(null, null, 80, 307, "http://www.example.com/a/b?q=1")]
    [InlineData(null, "other.example.org", 9090, 303, "http://other.example.org:9090/a/b?q=1")]
    public async Task Redirect_builds_the_location_with_the_spec_port_rules(string? scheme, string? hostname, int? port, int status, string location)
    {
        var route = Ir.Route("redirect", "app", r => r with
        {
            Redirect = new RedirectIr { Scheme = scheme, Hostname = hostname, Port = port, StatusCode = status },
        });
        await using var gateway = await ServeAsync(route);
        using var client = gateway.Client(8080);

        using var response = await client.GetAsync("http://www.example.com/a/b?q=1");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
        Assert.Empty(_backend.Requests);
    }

    [Theory]
    [InlineData(PathModifierType.ReplaceFullPath, "/new", "/new?q=1")]
    [InlineData(PathModifierType.ReplacePrefixMatch, "/v2", "/v2/items/7?q=1")]
    [InlineData(PathModifierType.ReplacePrefixMatch, "/", "/items/7?q=1")]
    public async Task Redirect_path_is_replaced_in_full_or_by_prefix(PathModifierType type, string value, string pathAndQuery)
    {
        var route = Ir.Route("redirect", Prefix("/v1"), ("app", 1)) with
        {
            Redirect = new RedirectIr
            {
                Scheme = "https",
                Path = new PathModifierIr { Type = type, Value = value, MatchedPrefix = "/v1" },
            },
        };
        await using var gateway = await ServeAsync(route);
        using var client = gateway.Client(8080);

        using var response = await client.GetAsync("http://www.example.com/v1/items/7?q=1");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal($"https://www.example.com{pathAndQuery}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_failed_route_answers_500_without_contacting_its_backend_and_says_why_once()
    {
        var route = Ir.Route("broken", "app", r => r with { Failure = "filter ExtensionRef to example.com/Unknown is not supported" });
        await using var gateway = await ServeAsync(route);
        using var client = gateway.Client(8080);

        using var first = await client.GetAsync("http://www.example.com/");
        using var second = await client.GetAsync("http://www.example.com/");

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
        Assert.Empty(_backend.Requests);
        var line = Assert.Single(gateway.Logs.Lines);
        Assert.Contains("broken", line);
        Assert.Contains("ExtensionRef to example.com/Unknown", line);
    }

    [Fact]
    public async Task Filters_and_retry_apply_the_same_to_an_mtls_backend()
    {
        using var ca = CertificateAuthority.Create("Filter Test CA");
        var answers = 0;
        await using var backend = await TestBackend.StartAsync("secure", async context =>
        {
            context.Response.StatusCode = Interlocked.Increment(ref answers) == 1 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            context.Response.Headers["X-Internal"] = "secret";
            await context.Response.WriteAsync($"answer {answers}");
        }, ca.IssueServer(["secure.internal"]), ca.Certificate);
        var route = Ir.Route("secure", Prefix("/public"), ("secure", 1)) with
        {
            Filters = new HttpFiltersIr
            {
                RequestHeaders = new HeaderModifierIr { Add = new[] { Header("X-Gateway", "yes") } },
                ResponseHeaders = new HeaderModifierIr { Remove = new[] { "X-Internal" } },
                UrlRewrite = new UrlRewriteIr
                {
                    Path = new PathModifierIr { Type = PathModifierType.ReplacePrefixMatch, Value = "/internal", MatchedPrefix = "/public" },
                },
            },
            Retry = new RetryIr { Codes = new[] { 503 }, Attempts = 1 },
        };
        var tls = Ir.Tls("secure.internal", TestPki.Anchor(ca.Certificate), TestPki.KeyPair(ca.IssueClient("gateway-client")));
        await using var gateway = await TestGateway.StartAsync(Ir.Gateway(Ir.HttpPort(8080, Ir.Host("*", route)), Ir.Cluster("secure", backend.Port, tls)));
        using var client = gateway.Client(8080);

        using var response = await client.GetAsync("http://www.example.com/public/data?x=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("answer 2", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("X-Internal"));
        Assert.Equal(2, backend.Requests.Count);
        Assert.All(backend.Requests, seen =>
        {
            Assert.Equal("/internal/data?x=1", seen.PathAndQuery);
            Assert.Equal("yes", seen.Header("X-Gateway"));
            Assert.Equal("www.example.com", seen.Host);
            Assert.Equal("CN=gateway-client", seen.ClientCertificateSubject);
        });
    }
}
