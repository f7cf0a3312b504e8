using System.Net;
using AzureGateway.DataPlane.Tests.Infrastructure;
using AzureGateway.IR;
using Microsoft.AspNetCore.Http;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// Route time limits (504 when exceeded, one log line) and retries (codes, attempts, connection failures, bodies),
/// against backends that answer slowly or with errors on cue. The limits are short real times.
/// </summary>
public sealed class TimeoutAndRetryTests
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(5);

    private static Task<TestGateway> ServeAsync(RouteIr route, DataPlaneOptions? options = null, params ClusterIr[] clusters) =>
        TestGateway.StartAsync(Ir.Gateway(Ir.HttpPort(8080, Ir.Host("*", route)), clusters), options);

    /// <summary>A backend whose n-th answer (from 1) is given by <paramref name="answers"/>; a negative status hangs.</summary>
    private static Task<TestBackend> ScriptedAsync(params int[] answers)
    {
        var count = 0;
        return TestBackend.StartAsync("scripted", async context =>
        {
            var n = Interlocked.Increment(ref count);
            var status = answers[Math.Min(n, answers.Length) - 1];
            if (status < 0)
            {
                await Task.Delay(Slow, context.RequestAborted);
                status = 200;
            }
            context.Response.StatusCode = status;
            await context.Response.WriteAsync($"answer {n}");
        });
    }

    [Fact]
    public async Task A_backend_slower_than_the_backend_request_timeout_gets_504_and_one_log_line()
    {
        await using var backend = await ScriptedAsync(-1);
        var route = Ir.Route("slow", "app", r => r with { Timeouts = new RouteTimeoutsIr { BackendRequest = TimeSpan.FromMilliseconds(300) } });
        await using var gateway = await ServeAsync(route, null, Ir.Cluster("app", backend.Port));
        using var client = gateway.Client(8080);

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await client.GetAsync("http://www.example.com/");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.True(started.Elapsed < Slow, "the client waited for the backend");
        var line = Assert.Single(gateway.Logs.Lines);
        Assert.Contains("backend request timeout of 0.3 s", line);
    }

    [Fact]
    public async Task The_default_backend_request_timeout_applies_to_routes_without_their_own()
    {
        await using var backend = await ScriptedAsync(-1);
        await using var gateway = await ServeAsync(Ir.Route("default", "app"),
            new DataPlaneOptions { DefaultBackendRequestTimeout = TimeSpan.FromMilliseconds(300) }, Ir.Cluster("app", backend.Port));
        using var client = gateway.Client(8080);

        using var response = await client.GetAsync("http://www.example.com/");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains("backend request timeout", Assert.Single(gateway.Logs.Lines));
    }

    [Fact]
    public async Task A_zero_timeout_removes_the_default_limit()
    {
        await using var backend = await TestBackend.StartAsync("slowish", async context =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(600), context.RequestAborted);
            await context.Response.WriteAsync("late but fine");
        });
        var route = Ir.Route("unbounded", "app", r => r with { Timeouts = new RouteTimeoutsIr { Request = TimeSpan.Zero, BackendRequest = TimeSpan.Zero } });
        await using var gateway = await ServeAsync(route,
            new DataPlaneOptions { DefaultBackendRequestTimeout = TimeSpan.FromMilliseconds(200) }, Ir.Cluster("app", backend.Port));
        using var client = gateway.Client(8080);

        using var response = await client.GetAsync("http://www.example.com/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("late but fine", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_request_timeout_bounds_every_try_together()
    {
        await using var backend = await ScriptedAsync(-1, -1, -1, -1);
        var route = Ir.Route("bounded", "app", r => r with
        {
            Timeouts = new RouteTimeoutsIr { Request = TimeSpan.FromMilliseconds(1500), BackendRequest = TimeSpan.FromMilliseconds(300) },
            Retry = new RetryIr { Codes = new[] { 504 }, Attempts = 10, Backoff = TimeSpan.FromMilliseconds(10) },
        });
        await using var gateway = await ServeAsync(route, null, Ir.Cluster("app", backend.Port));
        using var client = gateway.Client(8080);

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await client.GetAsync("http://www.example.com/");

        // Tries of 300 ms fit five times into 1.5 s, so the request limit, not the ten attempts, ends it; a loaded
        // machine may fit fewer (a first connection is slow), but always more than one.
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
        Assert.InRange(backend.Requests.Count, 2, 6);
        Assert.Contains("the request timeout of 1.5 s", Assert.Single(gateway.Logs.Lines));
    }

    [Fact]
    public async Task Retryable_codes_are_tried_again_and_the_client_gets_the_first_good_answer()
    {
        await using var backend = await ScriptedAsync(503, 500, 200);
        var route = Ir.Route("retried", "app", r => r with { Retry = new RetryIr { Codes = new[] { 500, 503 }, Attempts = 2 } });
        await using var gateway = await ServeAsync(route, null, Ir.Cluster("app", backend.Port));
        using var client = gateway.Client(8080);

        using var response = await client.GetAsync("http://www.example.com/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("answer 3", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, backend.Requests.Count);
    }

    [Fact]
    public async Task When_the_attempts_run_out_the_client_gets_the_last_answer()
    {
        await using var backend = await ScriptedAsync(503, 503, 503, 200);
        var route = Ir.Route("exhausted", "app", r => r with { Retry = new RetryIr { Codes = new[] { 503 }, Attempts = 2 } });
        await using var gateway = await ServeAsync(route, null, Ir.Cluster("app", backend.Port));
        using var client = gateway.Client(8080);

        using var response = await client.GetAsync("http://www.example.com/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("answer 3", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, backend.Requests.Count);
    }

    [Fact]
    public async Task Codes_not_listed_are_not_retried()
    {
        await using var backend = await ScriptedAsync(502, 200);
        var route = Ir.Route("not-listed", "app", r => r with { Retry = new RetryIr { Codes = new[] { 503 }, Attempts = 3 } });
        await using var gateway = await ServeAsync(route, null, Ir.Cluster("app", backend.Port));
        using var client = gateway.Client(8080);

        using var response = await client.GetAsync("http://www.example.com/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Single(backend.Requests);
    }

    [Fact]
    public async Task A_refused_connection_is_tried_again_on_another_endpoint()
    {
        await using var backend = await ScriptedAsync(200);
        var route = Ir.Route("refused", "app", r => r with { Retry = new RetryIr { Codes = new[] { 503 }, Attempts = 20, Backoff = TimeSpan.FromMilliseconds(1) } });
        // One endpoint refuses connections; whichever is picked first, the request ends on the live one.
        await using var gateway = await ServeAsync(route, null, Ir.Cluster("app", 1, backend.Port));
        using var client = gateway.Client(8080);

        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync("http://www.example.com/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(5, backend.Requests.Count);
    }

    [Fact]
    public async Task A_body_within_the_buffer_is_sent_again_in_full_and_a_larger_one_is_sent_once()
    {
        await using var backend = await ScriptedAsync(503, 200, 503, 200);
        var route = Ir.Route("bodies", "app", r => r with { Retry = new RetryIr { Codes = new[] { 503 }, Attempts = 1 } });
        await using var gateway = await ServeAsync(route, new DataPlaneOptions { MaxBufferedRequestBodyBytes = 1000 }, Ir.Cluster("app", backend.Port));
        using var client = gateway.Client(8080);

        using var small = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "http://www.example.com/") { Content = new ByteArrayContent(new byte[1000]) });
        using var large = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "http://www.example.com/") { Content = new ByteArrayContent(new byte[1001]) });

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, large.StatusCode);
        Assert.Equal([1000L, 1000L, 1001L], backend.Requests.Select(r => r.BodyBytes));
    }

    [Fact]
    public async Task An_answer_already_streaming_to_the_client_is_never_retried()
    {
        await using var backend = await TestBackend.StartAsync("streaming", async context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            await context.Response.WriteAsync("first part");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Slow, context.RequestAborted);
        });
        var route = Ir.Route("streaming", "app", r => r with
        {
            Timeouts = new RouteTimeoutsIr { BackendRequest = TimeSpan.FromMilliseconds(500) },
            Retry = new RetryIr { Codes = new[] { 504 }, Attempts = 3 },
        });
        await using var gateway = await ServeAsync(route, null, Ir.Cluster("app", backend.Port));
        using var client = gateway.Client(8080);

        // The answer's start reached the client, so the time limit can only cut it: no 504, no second try.
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync("http://www.example.com/"));

        Assert.Single(backend.Requests);
        // The client sees the answer cut before the gateway has written its line about the cut.
        await Wait.UntilAsync(() => gateway.Logs.Lines.Count > 0, "the gateway's line about the timeout");
        Assert.Contains("backend request timeout", Assert.Single(gateway.Logs.Lines));
    }
}
