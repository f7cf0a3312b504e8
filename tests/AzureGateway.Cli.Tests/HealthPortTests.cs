using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AzureGateway.Cli.Tests;

public sealed class HealthPortTests
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task RunWithAHealthPortIsLiveAndBecomesReadyOnceItServesTheFolder()
    {
        using var folder = new TempFolder();
        var healthPort = FreePort.Next();
        using var stop = new CancellationTokenSource();
        var azgw = new Azgw();
        var running = azgw.InvokeAsync(
            ["run", "--config", folder.Path, "--listen-address", "127.0.0.1", "--health-port", healthPort.ToString(), "--log-level", "Warning"],
            stop.Token);

        // Startup on a loaded machine can take a while.
        Assert.Equal(HttpStatusCode.OK, await PollAsync(healthPort, "/readyz", HttpStatusCode.OK, running));
        Assert.Equal(HttpStatusCode.OK, await PollAsync(healthPort, "/healthz", HttpStatusCode.OK, running));

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await running.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(azgw.Error == "", azgw.Error);
    }

    [Fact]
    public async Task RunWithoutAHealthPortAnswersNoProbes()
    {
        using var folder = new TempFolder();
        var healthPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        // An HTTP listener without routes: its 404 tells that the folder is served.
        File.WriteAllText(folder.File("gateway.yaml"), """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata:
              name: any
            spec:
              controllerName: example.com/any
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: web
              namespace: default
            spec:
              gatewayClassName: any
              listeners:
                - name: http
                  port: 80
                  protocol: HTTP
            """);
        using var stop = new CancellationTokenSource();
        var azgw = new Azgw();
        var running = azgw.InvokeAsync(
            ["run", "--config", folder.Path, "--listen-address", "127.0.0.1", "--port-offset", (gatewayPort - 80).ToString(), "--log-level", "Error"],
            stop.Token);

        await PollAsync(gatewayPort, "/", HttpStatusCode.NotFound, running);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, healthPort));

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await running.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task AHealthPortInUseExitsOneWithOneLine()
    {
        using var folder = new TempFolder();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, run) = await Azgw.RunAsync(
            "run", "--config", folder.Path, "--listen-address", "127.0.0.1", "--health-port", port.ToString());

        Assert.Equal(ExitCodes.Failed, exitCode);
        var line = Assert.Single(run.Error.Trim().Split('\n'));
        Assert.StartsWith($"azgw: --health-port {port}: ", line);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    public async Task AHealthPortOutOfRangeIsRefused(string port)
    {
        using var folder = new TempFolder();

        var (exitCode, run) = await Azgw.RunAsync("run", "--config", folder.Path, "--health-port", port);

        Assert.NotEqual(ExitCodes.Ok, exitCode);
        Assert.Contains("--health-port must be between 1 and 65535", run.Error);
    }

    /// <summary>Asks until the answer is <paramref name="expected"/>; returns the last answer when time runs out.</summary>
    private static async Task<HttpStatusCode?> PollAsync(int port, string path, HttpStatusCode expected, Task<int> gateway)
    {
        var waited = Stopwatch.StartNew();
        HttpStatusCode? last = null;
        while (waited.Elapsed < TimeSpan.FromSeconds(60) && !gateway.IsCompleted)
        {
            try
            {
                using var response = await Client.GetAsync($"http://127.0.0.1:{port}{path}");
                last = response.StatusCode;
                if (last == expected)
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        Assert.False(gateway.IsCompleted, $"azgw stopped with exit code {(gateway.IsCompleted ? await gateway : 0)}");
        return last;
    }
}
