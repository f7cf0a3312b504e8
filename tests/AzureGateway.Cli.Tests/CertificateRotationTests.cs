using System.Net;
using AzureGateway.Certificates;
using AzureGateway.Cli.Demo;
using AzureGateway.EchoBackend;

namespace AzureGateway.Cli.Tests;

public sealed class CertificateRotationTests
{
    [Fact]
    public async Task AClientCertificateRotatedInTheWatchedFolderIsWhatTheBackendSeesNext()
    {
        using var authority = CertificateAuthority.Create("test CA");
        using var frontend = authority.IssueServer(["frontend.com"]);
        using var backend = authority.IssueServer(["backend.com"]);
        using var firstClient = authority.IssueClient("gateway-client-1");
        using var rotatedClient = authority.IssueClient("gateway-client-2");
        await using var echo = await EchoServer.StartAsync(
            new EchoServerOptions { ServerCertificate = backend, TrustedClientCertificateAuthorities = [authority.Certificate] },
            CancellationToken.None);
        using var folder = new TempFolder();
        File.WriteAllText(folder.File(DemoFolder.ManifestFile),
            ExampleManifests.WithBackendPort(ExampleManifests.Read(ExampleManifests.Agc), echo.Port));
        File.WriteAllText(folder.File(DemoFolder.SecretsFile), DemoFolder.Secrets(authority.Certificate, frontend, firstClient));
        var port = FreePort.Next();
        using var stop = new CancellationTokenSource();
        var azgw = new Azgw();
        var running = azgw.InvokeAsync(
            ["run", "--config", folder.Path, "--port-offset", (port - 443).ToString(), "--listen-address", "127.0.0.1", "--log-level", "Warning"],
            stop.Token);
        using var client = new LoopbackHttpsClient(port, authority.Certificate);

        // Startup on a loaded machine can take a while; the rotation itself should take about a second.
        Assert.Equal("CN=gateway-client-1", await BackendSeesAsync(client, "CN=gateway-client-1", TimeSpan.FromSeconds(60), running));
        folder.Replace(DemoFolder.SecretsFile, DemoFolder.Secrets(authority.Certificate, frontend, rotatedClient));
        Assert.Equal("CN=gateway-client-2", await BackendSeesAsync(client, "CN=gateway-client-2", TimeSpan.FromSeconds(15), running));

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await running.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(azgw.Error == "", azgw.Error);
    }

    /// <summary>
    /// Sends requests through the gateway until the backend reports <paramref name="expected"/> as the client
    /// certificate subject, and returns the last subject seen (or why there was none) when time runs out.
    /// </summary>
    private static async Task<string> BackendSeesAsync(LoopbackHttpsClient client, string expected, TimeSpan patience, Task<int> gateway)
    {
        var deadline = DateTime.UtcNow + patience;
        var seen = "no answer yet";
        while (DateTime.UtcNow < deadline && !gateway.IsCompleted)
        {
            try
            {
                var (status, body) = await client.GetAsync("frontend.com", CancellationToken.None);
                seen = status == HttpStatusCode.OK
                    ? EchoAnswer.Parse(body)?.ClientCertificate?.Subject ?? $"no client certificate in {body}"
                    : $"{(int)status}: {body}";
                if (seen == expected)
                {
                    return seen;
                }
            }
            catch (HttpRequestException e)
            {
                seen = e.Message;
            }
            await Task.Delay(100);
        }
        return gateway.IsCompleted ? $"the gateway stopped with exit code {await gateway}" : seen;
    }
}
