using System.Net;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.EchoBackend;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// Gateway API matching on a plain HTTP port. Every cluster reaches the same echo backend with its own SNI
/// ("a.routes.internal" for cluster a), so the SNI the backend saw tells which route served a request.
/// </summary>
public sealed class RoutingTests : IAsyncLifetime
{
    private readonly CertificateAuthority _ca = CertificateAuthority.Create("Routing Test CA");
    private EchoServer _backend = null!;

    public async Task InitializeAsync() => _backend = await EchoServer.StartAsync(
        new EchoServerOptions { ServerCertificate = _ca.IssueServer(["*.routes.internal"]) }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        _ca.Dispose();
    }

    private static RouteMatchIr Path(PathMatchType type, string value) => new() { Path = new PathMatchIr { Type = type, Value = value } };

    private static RouteIr To(string cluster, RouteMatchIr match) => Ir.Route($"to-{cluster}", match, (cluster, 1));

    private async Task<TestGateway> ServeAsync(params VirtualHostIr[] hosts)
    {
        var clusters = hosts.SelectMany(h => h.Routes).SelectMany(r => r.Backends).Select(b => b.Cluster).Distinct()
            .Select(id => Ir.Cluster(id, _backend.Port, Ir.Tls($"{id}.routes.internal", TestPki.Anchor(_ca.Certificate))));
        return await TestGateway.StartAsync(Ir.Gateway(Ir.HttpPort(80, hosts), [.. clusters]));
    }

    /// <summary>The cluster that served <paramref name="request"/>, or the status code when it was not 200.</summary>
    private static async Task<string> ServedByAsync(TestClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var echo = System.Text.Json.JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), EchoJsonContext.Default.EchoResponse)!;
        return echo.Sni!.Split('.')[0];
    }

    private static Task<string> ServedByAsync(TestClient client, string url) => ServedByAsync(client, new HttpRequestMessage(HttpMethod.Get, url));

    [Theory]
    [InlineData("/exact", "a")]
    [InlineData("/exact/", "d")]
    [InlineData("/EXACT", "d")]
    [InlineData("/items/42", "b")]
    [InlineData("/items/42/more", "d")]
    [InlineData("/items/x", "d")]
    [InlineData("/foo", "c")]
    [InlineData("/foo/", "c")]
    [InlineData("/foo/bar", "c")]
    [InlineData("/foobar", "d")]
    public async Task Paths_match_exactly_by_full_regular_expression_or_by_whole_prefix_elements(string path, string expected)
    {
        await using var gateway = await ServeAsync(Ir.Host("*",
            To("a", Path(PathMatchType.Exact, "/exact")),
            To("b", Path(PathMatchType.RegularExpression, "/items/[0-9]+")),
            To("c", Path(PathMatchType.PathPrefix, "/foo/")),
            To("d", Path(PathMatchType.PathPrefix, "/"))));
        using var client = gateway.Client(80);

        Assert.Equal(expected, await ServedByAsync(client, $"http://example.com{path}"));
    }

    [Theory]
    [InlineData("X-Env", "canary", "a")]
    [InlineData("x-env", "canary", "a")]
    [InlineData("X-Env", "Canary", "c")]
    [InlineData("X-Version", "v12", "b")]
    [InlineData("X-Version", "v12beta", "c")]
    [InlineData("X-Other", "canary", "c")]
    public async Task Headers_match_by_case_insensitive_name_and_exact_or_full_regex_value(string name, string value, string expected)
    {
        await using var gateway = await ServeAsync(Ir.Host("*",
            To("a", new RouteMatchIr { Headers = new[] { new HeaderMatchIr { Type = StringMatchType.Exact, Name = "X-Env", Value = "canary" } } }),
            To("b", new RouteMatchIr { Headers = new[] { new HeaderMatchIr { Type = StringMatchType.RegularExpression, Name = "X-Version", Value = "v[0-9]+" } } }),
            To("c", new RouteMatchIr())));
        using var client = gateway.Client(80);
        var request = new HttpRequestMessage(HttpMethod.Get, "http://example.com/");
        request.Headers.Add(name, value);

        Assert.Equal(expected, await ServedByAsync(client, request));
    }

    [Theory]
    [InlineData("?mode=fast", "a")]
    [InlineData("?x=1&mode=fast", "a")]
    [InlineData("?Mode=fast", "c")]
    [InlineData("?mode=fast%21", "c")]
    [InlineData("?id=123", "b")]
    [InlineData("?id=12a", "c")]
    [InlineData("", "c")]
    public async Task Query_parameters_match_by_exact_name_and_exact_or_full_regex_value(string query, string expected)
    {
        await using var gateway = await ServeAsync(Ir.Host("*",
            To("a", new RouteMatchIr { QueryParams = new[] { new QueryParamMatchIr { Type = StringMatchType.Exact, Name = "mode", Value = "fast" } } }),
            To("b", new RouteMatchIr { QueryParams = new[] { new QueryParamMatchIr { Type = StringMatchType.RegularExpression, Name = "id", Value = "[0-9]+" } } }),
            To("c", new RouteMatchIr())));
        using var client = gateway.Client(80);

        Assert.Equal(expected, await ServedByAsync(client, $"http://example.com/{query}"));
    }

    [Fact]
    public async Task Method_match_selects_by_http_method()
    {
        await using var gateway = await ServeAsync(Ir.Host("*",
            To("a", new RouteMatchIr { Method = "POST" }),
            To("b", new RouteMatchIr())));
        using var client = gateway.Client(80);

        Assert.Equal("a", await ServedByAsync(client, new HttpRequestMessage(HttpMethod.Post, "http://example.com/") { Content = new StringContent("x") }));
        Assert.Equal("b", await ServedByAsync(client, "http://example.com/"));
    }

    [Fact]
    public async Task First_route_whose_match_holds_serves_in_the_order_given()
    {
        await using var gateway = await ServeAsync(Ir.Host("*",
            To("a", new RouteMatchIr { Path = new PathMatchIr { Type = PathMatchType.PathPrefix, Value = "/api" }, Method = "GET" }),
            To("b", Path(PathMatchType.PathPrefix, "/")),
            To("c", Path(PathMatchType.PathPrefix, "/api/v2"))));
        using var client = gateway.Client(80);

        Assert.Equal("a", await ServedByAsync(client, "http://example.com/api/v2/x"));
        Assert.Equal("b", await ServedByAsync(client, new HttpRequestMessage(HttpMethod.Delete, "http://example.com/api/v2/x")));
    }

    [Theory]
    [InlineData("api.example.com", "a")]
    [InlineData("API.Example.COM:8080", "a")]
    [InlineData("www.example.com", "b")]
    [InlineData("x.y.example.com", "b")]
    [InlineData("x.eu.example.com", "c")]
    [InlineData("example.com", "d")]
    [InlineData("other.org", "d")]
    public async Task Virtual_host_is_the_exact_name_then_the_longest_wildcard_then_the_catch_all(string host, string expected)
    {
        await using var gateway = await ServeAsync(
            Ir.Host("*.example.com", To("b", new RouteMatchIr())),
            Ir.Host("api.example.com", To("a", new RouteMatchIr())),
            Ir.Host("*", To("d", new RouteMatchIr())),
            Ir.Host("*.eu.example.com", To("c", new RouteMatchIr())));
        using var client = gateway.Client(80);
        var request = new HttpRequestMessage(HttpMethod.Get, "http://example.com/");
        request.Headers.Host = host;

        Assert.Equal(expected, await ServedByAsync(client, request));
    }

    [Fact]
    public async Task Requests_matching_no_virtual_host_or_no_route_get_404()
    {
        await using var gateway = await ServeAsync(Ir.Host("www.example.com", To("a", Path(PathMatchType.PathPrefix, "/app"))));
        using var client = gateway.Client(80);

        Assert.Equal("404", await ServedByAsync(client, "http://other.org/app"));
        Assert.Equal("404", await ServedByAsync(client, "http://www.example.com/elsewhere"));
        Assert.Equal("a", await ServedByAsync(client, "http://www.example.com/app"));
    }

    [Fact]
    public async Task Route_without_a_positive_weight_backend_answers_500()
    {
        await using var gateway = await ServeAsync(Ir.Host("*",
            Ir.Route("zero", Path(PathMatchType.PathPrefix, "/zero"), ("a", 0)),
            Ir.Route("none", Path(PathMatchType.PathPrefix, "/none"))));
        using var client = gateway.Client(80);

        Assert.Equal("500", await ServedByAsync(client, "http://example.com/zero"));
        Assert.Equal("500", await ServedByAsync(client, "http://example.com/none"));
        Assert.Equal(0, _backend.ConnectionCount);
    }

    [Fact]
    public async Task Route_to_an_undefined_cluster_answers_500()
    {
        await using var gateway = await TestGateway.StartAsync(Ir.Gateway(Ir.HttpPort(80, Ir.Host("*", Ir.Route("route", "missing")))));
        using var client = gateway.Client(80);

        Assert.Equal("500", await ServedByAsync(client, "http://example.com/"));
    }

    [Fact]
    public async Task Weighted_backends_share_requests_in_proportion_to_their_weights()
    {
        await using var gateway = await ServeAsync(Ir.Host("*", Ir.Route("split", new RouteMatchIr(), ("a", 1), ("b", 3), ("c", 0))));
        using var client = gateway.Client(80);
        var counts = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0 };

        for (var i = 0; i < 400; i++)
        {
            counts[await ServedByAsync(client, "http://example.com/")]++;
        }

        // Expected 100 and 300, standard deviation about 8.7: the bounds are more than five deviations away.
        Assert.InRange(counts["a"], 55, 145);
        Assert.Equal(400, counts["a"] + counts["b"]);
    }
}
