using System.CommandLine;
using System.Net;
using AzureGateway.Certificates;
using AzureGateway.Cli.Demo;
using AzureGateway.Cli.Pipeline;
using AzureGateway.DataPlane;
using AzureGateway.EchoBackend;
using AzureGateway.Sources.Files;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Cli.Commands;

/// <summary>
/// <c>azgw demo</c>: the AGC-style backend mTLS scenario on this machine, with certificates made on the spot, an
/// echo backend that requires the gateway's client certificate, and one request through the gateway.
/// </summary>
public sealed class DemoCommand : Command
{
    /// <summary>The HTTPS listener's host and port in <c>examples/agc-backend-mtls.yaml</c>.</summary>
    private const string FrontendHost = "frontend.com";
    private const int ListenerPort = 443;

    /// <summary>The HTTP listener of the same Gateway, whose route redirects to HTTPS.</summary>
    private const int RedirectListenerPort = 80;

    public DemoCommand()
        : base("demo", "Run the backend mTLS scenario locally: certificates, an echo backend, the gateway and one request through it")
    {
        var portOffset = CommonOptions.PortOffset(8000);
        var once = new Option<bool>("--once") { Description = "Exit after the request (0 when it succeeded) instead of serving until Ctrl+C" };
        var logLevel = CommonOptions.LogLevel();
        var healthPort = HealthPort.Option();
        Options.Add(portOffset);
        Options.Add(once);
        Options.Add(logLevel);
        Options.Add(healthPort);
        SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(portOffset),
            parseResult.GetValue(once),
            parseResult.GetValue(logLevel),
            parseResult.GetValue(healthPort),
            parseResult.InvocationConfiguration,
            cancellationToken));
    }

    private static async Task<int> RunAsync(
        int portOffset, bool once, LogLevel logLevel, int? healthPort, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        var output = console.Output;
        using var authority = CertificateAuthority.Create("AzureGateway demo CA");
        using var frontend = authority.IssueServer([FrontendHost]);
        using var backend = authority.IssueServer(["backend.com"]);
        using var gatewayClient = authority.IssueClient("gateway-client");

        await using var echo = await EchoServer.StartAsync(
            // Named as the example's Service, so its answer says which backend the route reached.
            new EchoServerOptions { Name = "test-infra/mtls-app", ServerCertificate = backend, TrustedClientCertificateAuthorities = [authority.Certificate] },
            cancellationToken);
        var folder = DemoFolder.Create(authority.Certificate, frontend, gatewayClient, echo.Port);
        var port = ListenerPort + portOffset;
        var caFile = Path.Combine(folder, DemoFolder.CaFile);
        output.WriteLine($"""
            Demo folder (yours; the gateway watches it, edits are served within 2 seconds):
              {folder}
                {DemoFolder.ManifestFile,-24} examples/{ExampleManifests.Agc}, its EndpointSlice pointed at the echo backend
                {DemoFolder.SecretsFile,-24} Secrets frontend.com, gateway-client-cert, ca.bundle (PEM)
                {DemoFolder.CaFile,-24} the demo CA, which issued every certificate here
            Echo backend: https://127.0.0.1:{echo.Port}/, requires a client certificate issued by the demo CA
            Gateway: https://{FrontendHost}:{port}/ on 127.0.0.1

            """);

        using var telemetry = CliTelemetry.Create(logLevel, healthPort is not null);
        var loggerFactory = telemetry.LoggerFactory;
        var source = new FolderSource(new FolderSourceOptions { Directory = folder }, loggerFactory.CreateLogger<FolderSource>());
        var dataPlaneOptions = new DataPlaneOptions { PortOffset = portOffset, ListenAddress = IPAddress.Loopback, TraceBackendRequests = telemetry.Traced };
        return await HealthPort.ServeAsync(healthPort, dataPlaneOptions, telemetry, console.Error, cancellationToken, ready =>
            GatewayPipeline.ServeAsync(source, dataPlaneOptions, loggerFactory, cancellationToken, async (dataPlane, serving) =>
            {
                if (ready is not null)
                {
                    await ready(dataPlane, serving);
                }
                if (dataPlane.PortErrors.TryGetValue(ListenerPort, out var bindError))
                {
                    output.WriteLine($"The gateway cannot listen on port {port}: {bindError}");
                    output.WriteLine("Pick a free port with --port-offset N (the listener is then 443 + N).");
                    return ExitCodes.Failed;
                }
                using var client = new LoopbackHttpsClient(port, authority.Certificate);
                var succeeded = await RequestAsync(client, output, serving)
                    & await RedirectAsync(RedirectListenerPort + portOffset, dataPlane.PortErrors.GetValueOrDefault(RedirectListenerPort), output, serving);
                if (healthPort is { } metricsPort && telemetry.ScrapedMetrics is not null)
                {
                    await PrintMetricsAsync(metricsPort, output, serving);
                }
                if (once)
                {
                    return succeeded ? ExitCodes.Ok : ExitCodes.Failed;
                }
                output.WriteLine($"""

                    Try it yourself:
                      curl --cacert {caFile} --resolve {FrontendHost}:{port}:127.0.0.1 https://{FrontendHost}:{port}/
                    """);
                if (healthPort is not null && telemetry.ScrapedMetrics is not null)
                {
                    output.WriteLine($"  curl -s http://127.0.0.1:{healthPort}/metrics");
                }
                output.WriteLine("Serving until Ctrl+C.");
                return null;
            }));
    }

    /// <summary>Sends one request through the gateway and prints what came back and what the backend saw.</summary>
    private static async Task<bool> RequestAsync(LoopbackHttpsClient client, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine($"GET {client.Address(FrontendHost)} through the gateway");
        HttpStatusCode status;
        string body;
        try
        {
            (status, body) = await client.GetAsync(FrontendHost, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            output.WriteLine($"Request failed: {Reasons(e)}");
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            output.WriteLine("Request failed: no answer within 30 seconds");
            return false;
        }
        output.WriteLine($"{(int)status} {status}");
        var answer = EchoAnswer.Parse(body);
        output.WriteLine(body);
        if (answer is null || !IsSuccess(status))
        {
            return false;
        }
        var certificate = answer.ClientCertificate;
        output.WriteLine($"""

            What the backend saw:
              client certificate  {(certificate is null ? "(none)" : $"{certificate.Subject} (issued by {certificate.Issuer})")}
              SNI                 {answer.ServerName ?? "(none)"}
              TLS version         {answer.TlsVersion ?? "(unknown)"}
            """);
        return true;
    }

    /// <summary>
    /// Sends one plain HTTP request to the HTTP listener and prints the redirect it gets. Its Location names the
    /// Gateway's own HTTPS port (443), which is what clients see in a cluster; here the listener is 443 + the offset.
    /// </summary>
    private static async Task<bool> RedirectAsync(int port, string? bindError, TextWriter output, CancellationToken cancellationToken)
    {
        var url = $"http://{FrontendHost}:{port}/";
        if (bindError is not null)
        {
            output.WriteLine($"\nThe HTTP listener cannot listen on port {port} ({bindError}); the redirect is not shown.");
            return true;
        }
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/") { Headers = { Host = $"{FrontendHost}:{port}" } };
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            output.WriteLine($"\nGET {url} (the HTTP listener)\n{(int)response.StatusCode} {response.StatusCode}, Location: {response.Headers.Location}");
            return response.StatusCode == HttpStatusCode.MovedPermanently;
        }
        catch (HttpRequestException e)
        {
            output.WriteLine($"\nGET {url} failed: {Reasons(e)}");
            return false;
        }
    }

    /// <summary>Prints the gateway's own series from its <c>/metrics</c>, as a Prometheus server would scrape them.</summary>
    private static async Task PrintMetricsAsync(int port, TextWriter output, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        string text;
        try
        {
            text = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics", cancellationToken);
        }
        catch (HttpRequestException e)
        {
            output.WriteLine($"Reading http://127.0.0.1:{port}/metrics failed: {Reasons(e)}");
            return;
        }
        output.WriteLine($"""

            What the gateway counted (http://127.0.0.1:{port}/metrics, its own series):
            """);
        foreach (var line in text.Split('\n').Where(IsGatewaySeries))
        {
            output.WriteLine("  " + line);
        }
    }

    /// <summary>
    /// Requests by route and status, and the gateway's own instruments; not the histogram buckets. The echo backend
    /// runs in this process and its requests are counted too, without a route: they are left out.
    /// </summary>
    private static bool IsGatewaySeries(string line) =>
        (line.StartsWith("http_server_request_duration_seconds_count", StringComparison.Ordinal) && line.Contains("http_route=", StringComparison.Ordinal))
        || line.StartsWith("azuregateway_", StringComparison.Ordinal);

    private static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;

    /// <summary>"The SSL connection could not be established: the remote certificate is invalid..." in one line.</summary>
    private static string Reasons(Exception e)
    {
        var reasons = new List<string>();
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            reasons.Add(current.Message);
        }
        return string.Join(": ", reasons);
    }
}
