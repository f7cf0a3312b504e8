using System.Net;
using AzureGateway.DataPlane.Tests.Infrastructure;

namespace AzureGateway.DataPlane.Tests;

/// <summary>
/// What a failing backend costs in log lines: one line per failed request without a stack trace (not YARP's warning
/// and ours), and while the same failure repeats, one line per interval counting the repeats.
/// </summary>
public sealed class BackendFailureLogTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_failed_request_is_one_line_without_a_stack_trace()
    {
        using var closed = new ClosedPort();
        var port = closed.Number;
        await using var gateway = await TestGateway.StartAsync(Serving(port));
        using var client = gateway.Client(8080);

        using var response = await client.GetAsync("http://www.example.com/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal([$"Warning: Backend app at http://127.0.0.1:{port} failed for route outage: ConnectionRefused: 127.0.0.1:{port} refused the connection"],
            gateway.Logs.Lines);
    }

    [Fact]
    public async Task An_outage_logs_its_first_failure_then_one_line_per_interval_counting_the_repeats()
    {
        using var closed = new ClosedPort();
        var port = closed.Number;
        var time = FakeClock.StartingNow();
        // Passive health off: an ejected endpoint would be answered 503 without being tried, and the log is the subject here.
        await using var gateway = await TestGateway.StartAsync(Serving(port), new DataPlaneOptions { TimeProvider = time, EndpointEjectionThreshold = 0 });
        using var client = gateway.Client(8080);
        var failure = $"Warning: Backend app at http://127.0.0.1:{port} failed for route outage: ConnectionRefused: 127.0.0.1:{port} refused the connection";

        await FailAsync(client, 5);
        Assert.Equal([failure], gateway.Logs.Lines);

        time.Advance(Interval);
        await FailAsync(client, 3);
        time.Advance(Interval);
        Assert.Equal([failure, $"{failure} (4 more times in the last 10 s)", $"{failure} (3 more times in the last 10 s)"], gateway.Logs.Lines);

        // A whole interval without the failure: the next one is news again.
        time.Advance(Interval);
        await FailAsync(client, 1);
        Assert.Equal(4, gateway.Logs.Lines.Count);
        Assert.Equal(failure, gateway.Logs.Lines[^1]);
    }

    private static async Task FailAsync(TestClient client, int requests)
    {
        for (var i = 0; i < requests; i++)
        {
            using var response = await client.GetAsync("http://www.example.com/");
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        }
    }

    private static IR.GatewayIr Serving(int backendPort) => Ir.Gateway(
        Ir.HttpPort(8080, Ir.Host("www.example.com", Ir.Route("outage", "app"))),
        Ir.Cluster("app", backendPort));
}
