using System.Text.RegularExpressions;

namespace AzureGateway.Cli.Tests;

public sealed partial class DemoCommandTests
{
    [Fact]
    public async Task DemoOnceShowsTheGatewayClientCertificateTheBackendSaw()
    {
        var port = FreePort.Next();

        var (exitCode, run) = await Azgw.RunAsync("demo", "--once", "--port-offset", (port - 443).ToString(), "--log-level", "Warning");

        try
        {
            Assert.True(exitCode == ExitCodes.Ok, run.Output + run.Error);
            Assert.Contains("client certificate  CN=gateway-client (issued by CN=AzureGateway demo CA)", run.Output, StringComparison.Ordinal);
            Assert.Contains("SNI                 backend.com", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Try it yourself", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            // The demo leaves its folder to the user; the test is that user.
            if (DemoFolderPath().Match(run.Output) is { Success: true } folder)
            {
                Directory.Delete(folder.Value, recursive: true);
            }
        }
    }

    [GeneratedRegex(@"\S*azgw-demo-\w+")]
    private static partial Regex DemoFolderPath();
}
