using System.Net;
using AzureGateway.Certificates;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// Session affinity (AGC RoutePolicy): the gateway's cookie keeps a client on the endpoint that first served it,
/// names it opaquely, and is replaced when that endpoint is gone.
/// </summary>
public sealed class SessionAffinityTests : IAsyncLifetime
{
    private readonly List<TestBackend> _endpoints = [];

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 4; i++)
        {
            _endpoints.Add(await TestBackend.StartAsync($"pod-{i}"));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var endpoint in _endpoints)
        {
            await endpoint.DisposeAsync();
        }
    }

    private static RouteIr Sticky(SessionAffinityIr affinity) => Ir.Route("sticky", "app", r => r with { SessionAffinity = affinity });

    private static async Task<(string ServedBy, string? SetCookie)> GetAsync(TestClient client, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://www.example.com/");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response.Headers.GetValues("X-Served-By").Single(),
            response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Single() : null);
    }

    [Theory]
    [InlineData(SessionAffinityType.ManagedCookie, "AGCAffinity", 86400)]
    [InlineData(SessionAffinityType.ApplicationCookie, "nomnom", 3600)]
    public async Task The_cookie_keeps_the_client_on_the_endpoint_that_served_it_first(SessionAffinityType type, string name, int seconds)
    {
        var affinity = new SessionAffinityIr { Type = type, CookieName = name, CookieDuration = TimeSpan.FromSeconds(seconds) };
        await using var gateway = await TestGateway.StartAsync(Ir.Gateway(Ir.HttpPort(8080, Ir.Host("*", Sticky(affinity))),
            Ir.Cluster("app", [.. _endpoints.Select(e => e.Port)])));
        using var client = gateway.Client(8080);

        var (first, setCookie) = await GetAsync(client);

        Assert.NotNull(setCookie);
        Assert.StartsWith($"{name}=", setCookie);
        Assert.Contains($"Max-Age={seconds}", setCookie);
        Assert.Contains("HttpOnly", setCookie);
        var cookie = setCookie.Split(';')[0];
        Assert.DoesNotContain("127.0.0.1", cookie);
        for (var i = 0; i < 10; i++)
        {
            var (servedBy, again) = await GetAsync(client, $"other=1; {cookie}");
            Assert.Equal(first, servedBy);
            Assert.Null(again);
        }
    }

    [Fact]
    public async Task A_cookie_naming_an_endpoint_that_is_gone_is_replaced()
    {
        var affinity = new SessionAffinityIr { Type = SessionAffinityType.ManagedCookie, CookieName = "AGCAffinity" };
        var ir = Ir.Gateway(Ir.HttpPort(8080, Ir.Host("*", Sticky(affinity))), Ir.Cluster("app", [.. _endpoints.Select(e => e.Port)]));
        await using var gateway = await TestGateway.StartAsync(ir);
        using var client = gateway.Client(8080);
        var (first, setCookie) = await GetAsync(client);
        var remaining = _endpoints.Where(e => $"pod-{_endpoints.IndexOf(e)}" != first).Select(e => e.Port).ToArray();

        await gateway.ApplyAsync(ir with { Clusters = new[] { Ir.Cluster("app", remaining) } });
        var (servedBy, replaced) = await GetAsync(client, setCookie!.Split(';')[0]);

        Assert.NotEqual(first, servedBy);
        Assert.NotNull(replaced);
        Assert.NotEqual(setCookie.Split(';')[0], replaced.Split(';')[0]);
        Assert.DoesNotContain("Max-Age", replaced);
    }

    [Fact]
    public async Task An_unknown_cookie_value_is_treated_as_no_cookie()
    {
        var affinity = new SessionAffinityIr { Type = SessionAffinityType.ManagedCookie, CookieName = "AGCAffinity" };
        await using var gateway = await TestGateway.StartAsync(Ir.Gateway(Ir.HttpPort(8080, Ir.Host("*", Sticky(affinity))),
            Ir.Cluster("app", [.. _endpoints.Select(e => e.Port)])));
        using var client = gateway.Client(8080);

        var (_, setCookie) = await GetAsync(client, "AGCAffinity=127.0.0.1:80");

        Assert.NotNull(setCookie);
    }
}
