using System.Net;
using System.Net.Sockets;
using AzureGateway.DataPlane.Health;
using AzureGateway.DataPlane.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace AzureGateway.DataPlane.Tests;

public sealed class HealthServerTests
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task LivenessIsOkAndReadinessIsUnavailableUntilMarkedReady()
    {
        await using var health = await HealthServer.StartAsync(IPAddress.Loopback, 0, NullLoggerFactory.Instance, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, await GetAsync(health, "/healthz"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await GetAsync(health, "/readyz"));

        health.MarkReady();

        Assert.Equal(HttpStatusCode.OK, await GetAsync(health, "/readyz"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(health, "/healthz"));
    }

    [Fact]
    public async Task ReadinessTakenBackAnswersUnavailableWithTheReasonUntilMarkedReadyAgain()
    {
        await using var health = await HealthServer.StartAsync(IPAddress.Loopback, 0, NullLoggerFactory.Instance, CancellationToken.None);
        health.MarkReady();

        health.MarkNotReady("serving no listener");
        using (var response = await Client.GetAsync($"http://127.0.0.1:{health.Port}/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("serving no listener\n", await response.Content.ReadAsStringAsync());
        }

        health.MarkReady();
        Assert.Equal(HttpStatusCode.OK, await GetAsync(health, "/readyz"));
    }

    [Fact]
    public async Task ProbesWhileNotReadyLogNoErrorPerProbe()
    {
        var logs = new FakeLogCollector();
        using var loggerFactory = GatewayLogs.Into(logs, LogLevel.Debug);
        await using var health = await HealthServer.StartAsync(IPAddress.Loopback, 0, loggerFactory, CancellationToken.None);

        for (var probe = 0; probe < 3; probe++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await GetAsync(health, "/readyz"));
        }

        // ASP.NET Core's health check service would log each Unhealthy result at Error: one line per probe.
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Level >= LogLevel.Warning);
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Category?.Contains("HealthChecks", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task AnyOtherPathIsNotFound()
    {
        await using var health = await HealthServer.StartAsync(IPAddress.Loopback, 0, NullLoggerFactory.Instance, CancellationToken.None);
        health.MarkReady();

        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(health, "/"));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(health, "/readyz/extra"));
    }

    [Fact]
    public async Task APortInUseFailsToStartWithAnIOException()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        await Assert.ThrowsAnyAsync<IOException>(
            () => HealthServer.StartAsync(IPAddress.Loopback, port, NullLoggerFactory.Instance, CancellationToken.None));
    }

    [Fact]
    public async Task DisposingStopsListening()
    {
        var health = await HealthServer.StartAsync(IPAddress.Loopback, 0, NullLoggerFactory.Instance, CancellationToken.None);
        var port = health.Port;

        await health.DisposeAsync();

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, port));
    }

    private static async Task<HttpStatusCode> GetAsync(HealthServer health, string path)
    {
        using var response = await Client.GetAsync($"http://127.0.0.1:{health.Port}{path}");
        return response.StatusCode;
    }
}
