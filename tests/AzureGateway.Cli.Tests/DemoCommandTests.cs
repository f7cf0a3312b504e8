namespace AzureGateway.Cli.Tests;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task DemoOnceShowsBothIdentitiesTheBackendSawAndTheRefusalOfAClientWithoutCertificate()
    {
        // The demo's Gateway listens on 443 and 80 (the redirect), both moved by the same offset.
        var port = FreePort.NextWithAnother(443 - 80);

        var (exitCode, run) = await Azgw.RunAsync("demo", "--once", "--port-offset", (port - 443).ToString(), "--log-level", "Warning");

        try
        {
            Assert.True(exitCode == ExitCodes.Ok, run.Output + run.Error);
            Assert.Matches(@"client \(X-Forwarded-Client-Cert\)  CN=demo-client, Hash [0-9a-fA-F]{16}… \(SHA-256 of demo-client\.crt\)", run.Output);
            Assert.Contains("gateway's client certificate      CN=gateway-client (issued by CN=AzureGateway demo CA)", run.Output, StringComparison.Ordinal);
            Assert.Contains("SNI                               backend.com", run.Output, StringComparison.Ordinal);
            Assert.Matches(@"without a client certificate\n(.*\n)*  refused during the TLS handshake \(", run.Output);
            Assert.Contains("301 MovedPermanently, Location: https://frontend.com/", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Try it yourself", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE KEY", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            DemoFolders.Delete(run.Output);
        }
    }

    [Fact]
    public async Task DemoOnAPortInUseSaysSoAndHowToPickAnother()
    {
        using var occupant = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((System.Net.IPEndPoint)occupant.LocalEndpoint).Port;

        var (exitCode, run) = await Azgw.RunAsync("demo", "--once", "--port-offset", (port - 443).ToString(), "--log-level", "Critical");

        try
        {
            Assert.True(exitCode == ExitCodes.Failed, run.Output + run.Error);
            Assert.Contains($"The gateway cannot listen on port {port}", run.Output, StringComparison.Ordinal);
            Assert.Contains("--port-offset", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            DemoFolders.Delete(run.Output);
        }
    }
}
