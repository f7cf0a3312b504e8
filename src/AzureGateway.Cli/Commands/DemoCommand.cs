using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.Cli.Demo;
using AzureGateway.Cli.Hosting;
using AzureGateway.Cli.Pipeline;
using AzureGateway.DataPlane;
using AzureGateway.EchoBackend;
using AzureGateway.Sources;
using AzureGateway.Sources.Files;
using AzureGateway.Translation.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AzureGateway.Cli.Commands;

/// <summary>
/// <c>azgw demo</c>: end-to-end mTLS in the AGC style on this machine, with certificates made on the spot. The demo
/// client presents its certificate to the gateway, which verifies it and forwards who it is to an echo backend that
/// in turn requires the gateway's own client certificate; a client without a certificate is refused.
/// </summary>
public sealed class DemoCommand : Command
{
    /// <summary>The HTTPS listener's host and port in <c>examples/agc-backend-mtls.yaml</c>.</summary>
    private const string FrontendHost = "frontend.com";
    private const int ListenerPort = 443;

    /// <summary>The HTTP listener of the same Gateway, whose route redirects to HTTPS.</summary>
    private const int RedirectListenerPort = 80;

    /// <param name="environment">The settings from the environment (<see cref="GatewayConfiguration"/>), on which the host's configuration is built.</param>
    public DemoCommand(IConfiguration environment)
        : base("demo", "Run end-to-end mTLS locally: certificates, an echo backend, the gateway, a request with a client certificate and one without")
    {
        var portOffset = CommonOptions.PortOffset(8000);
        var once = new Option<bool>("--once") { Description = "Exit after the requests (0 when each went as expected) instead of serving until Ctrl+C" };
        var logLevel = CommonOptions.LogLevel();
        var healthPort = CommonOptions.HealthPort();
        Options.Add(portOffset);
        Options.Add(once);
        Options.Add(logLevel);
        Options.Add(healthPort);
        SetAction((parseResult, cancellationToken) => RunAsync(
            environment,
            new HostSettings
            {
                LogLevel = parseResult.GetValue(logLevel),
                HealthPort = parseResult.GetValue(healthPort),
                DataPlane = new DataPlaneOptions { ListenAddress = IPAddress.Loopback },
                CommandLine = CommonOptions.DataPlaneSettings(parseResult, portOffset),
            },
            parseResult.GetValue(portOffset),
            parseResult.GetValue(once),
            parseResult.InvocationConfiguration,
            cancellationToken));
    }

    private static async Task<int> RunAsync(
        IConfiguration environment, HostSettings settings, int portOffset, bool once, InvocationConfiguration console,
        CancellationToken cancellationToken)
    {
        var output = console.Output;
        using var authority = CertificateAuthority.Create("AzureGateway demo CA");
        using var frontend = authority.IssueServer([FrontendHost]);
        using var backend = authority.IssueServer(["backend.com"]);
        using var gatewayClient = authority.IssueClient("gateway-client");
        using var demoClient = authority.IssueClient("demo-client");

        await using var echo = await EchoServer.StartAsync(
            // Named as the example's Service, so its answer says which backend the route reached.
            new EchoServerOptions { Name = "test-infra/mtls-app", ServerCertificate = backend, TrustedClientCertificateAuthorities = [authority.Certificate] },
            cancellationToken);
        var folder = DemoFolder.Create(authority.Certificate, frontend, gatewayClient, demoClient, echo.Port);
        var port = ListenerPort + portOffset;
        output.WriteLine($"""
            Demo folder (yours; the gateway watches it, edits are served within 2 seconds):
              {folder}
                {DemoFolder.ManifestFile,-24} examples/{ExampleManifests.Agc}, its EndpointSlice pointed at the echo backend
                {DemoFolder.FrontendPolicyFile,-24} a FrontendTLSPolicy: https-listener requires a client certificate
                {DemoFolder.SecretsFile,-24} Secrets frontend.com, gateway-client-cert, ca.bundle, client-ca.bundle (PEM)
                {DemoFolder.CaFile,-24} the demo CA, which issued every certificate here
                {DemoFolder.ClientCertificateFile + ", .key",-24} the demo client's certificate and key, for curl
            Echo backend: https://127.0.0.1:{echo.Port}/, requires a client certificate issued by the demo CA
            Gateway: https://{FrontendHost}:{port}/ on 127.0.0.1, requires a client certificate issued by the demo CA

            """);

        var builder = GatewayHost.CreateBuilder(environment, settings);
        builder.Services.AddSingleton<ISnapshotSource>(services =>
            new FolderSource(new FolderSourceOptions { Directory = folder }, services.GetRequiredService<ILogger<FolderSource>>()));
        builder.Services.AddSingleton(new PipelineOptions());
        var healthPort = settings.HealthPort;
        var scrapesMetrics = GatewayHost.ScrapesMetrics(environment, settings);
        return await GatewayHost.RunAsync(builder, async (dataPlane, serving) =>
            {
                if (dataPlane.PortErrors.TryGetValue(ListenerPort, out var bindError))
                {
                    output.WriteLine($"The gateway cannot listen on port {port}: {bindError}");
                    output.WriteLine("Pick a free port with --port-offset N (the listener is then 443 + N).");
                    return ExitCodes.Failed;
                }
                using var client = new LoopbackHttpsClient(port, authority.Certificate, demoClient);
                using var anonymous = new LoopbackHttpsClient(port, authority.Certificate);
                var succeeded = await RequestAsync(client, demoClient, output, serving)
                    & await RefusedWithoutCertificateAsync(anonymous, output, serving)
                    & await RedirectAsync(RedirectListenerPort + portOffset, dataPlane.PortErrors.GetValueOrDefault(RedirectListenerPort), output, serving);
                if (healthPort is { } metricsPort && scrapesMetrics)
                {
                    await PrintMetricsAsync(metricsPort, output, serving);
                }
                if (once)
                {
                    return succeeded ? ExitCodes.Ok : ExitCodes.Failed;
                }
                var target = $"--resolve {FrontendHost}:{port}:127.0.0.1 https://{FrontendHost}:{port}/";
                output.WriteLine($"""

                    Try it yourself:
                      cd {folder}
                      curl --cacert {DemoFolder.CaFile} --cert {DemoFolder.ClientCertificateFile} --key {DemoFolder.ClientKeyFile} {target}
                      curl --cacert {DemoFolder.CaFile} {target}   # refused: no client certificate
                    """);
                if (healthPort is not null && scrapesMetrics)
                {
                    output.WriteLine($"  curl -s http://127.0.0.1:{healthPort}/metrics");
                }
                output.WriteLine("Serving until Ctrl+C.");
                return null;
            }, console.Error, cancellationToken);
    }

    /// <summary>
    /// Sends one request through the gateway as the demo client and prints what came back and what the backend saw:
    /// the demo client as the gateway forwarded it, and the gateway's own client certificate.
    /// </summary>
    private static async Task<bool> RequestAsync(
        LoopbackHttpsClient client, X509Certificate2 demoClient, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine($"GET {client.Address(FrontendHost)} through the gateway, as the demo client");
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
        var forwarded = answer.ForwardedClient;
        var forwardedIsDemoClient = string.Equals(
            forwarded?.Hash, demoClient.GetCertHashString(HashAlgorithmName.SHA256), StringComparison.OrdinalIgnoreCase);
        output.WriteLine($"""

            What the backend saw:
              client (X-Forwarded-Client-Cert)  {(forwarded is null ? "(not sent)" : Describe(forwarded, forwardedIsDemoClient))}
              client (X-Client-Cert-Verify)     {answer.ClientVerification ?? "(not sent)"}
              gateway's client certificate      {(certificate is null ? "(none)" : $"{certificate.Subject} (issued by {certificate.Issuer})")}
              SNI                               {answer.ServerName ?? "(none)"}
              TLS version                       {answer.TlsVersion ?? "(unknown)"}
            """);
        return forwardedIsDemoClient;
    }

    /// <summary>"CN=demo-client, Hash 3f2a9c0d1e2b4a5f… (SHA-256 of demo-client.crt)": the start of the hash is enough to compare by eye.</summary>
    private static string Describe(ForwardedClientCertificate forwarded, bool isDemoClient)
    {
        var hash = forwarded.Hash is { Length: > 16 } full ? full[..16] + "…" : forwarded.Hash ?? "(none)";
        var whose = isDemoClient ? $"SHA-256 of {DemoFolder.ClientCertificateFile}" : $"not the SHA-256 of {DemoFolder.ClientCertificateFile}";
        return $"{forwarded.Subject ?? "(no Subject)"}, Hash {hash} ({whose})";
    }

    /// <summary>Sends the same request without a client certificate, which the gateway must refuse.</summary>
    private static async Task<bool> RefusedWithoutCertificateAsync(LoopbackHttpsClient client, TextWriter output, CancellationToken cancellationToken)
    {
        // A line of its own: the gateway's log line for each refused handshake may come before the outcome.
        output.WriteLine($"\nGET {client.Address(FrontendHost)} without a client certificate");
        try
        {
            var (status, _) = await client.GetAsync(FrontendHost, cancellationToken);
            output.WriteLine($"  answered {(int)status} {status}; the gateway did not ask for a client certificate");
            return false;
        }
        catch (HttpRequestException e) when (LoopbackHttpsClient.HandshakeRefusal(e) is { } reason)
        {
            output.WriteLine($"  refused during the TLS handshake ({reason})");
            return true;
        }
        catch (HttpRequestException e)
        {
            output.WriteLine($"  failed: {Reasons(e)}");
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            output.WriteLine("  no answer within 30 seconds");
            return false;
        }
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
