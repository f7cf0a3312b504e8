using System.Net;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Cli.Demo;
using static AzureGateway.Cli.Tests.MeteredGateway;

namespace AzureGateway.Cli.Tests;

/// <summary>
/// Instruments are process-wide: every gateway a test runs in this process is measured by every metrics endpoint.
/// These tests run alone, so what they read is exactly what their own gateway did.
/// </summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;

/// <summary>
/// <c>azgw run --health-port</c> without Azure Monitor serves Prometheus metrics on the health port; they are read
/// over HTTP while the gateway serves real TLS to mTLS echo backends.
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed class MetricsEndpointTests
{
    private const string Expiry = "azuregateway_certificate_time_to_expiry_days";
    private static readonly string TrustedRoute = $"httproute/{Namespace}/trusted/rule/0/match/0";
    private static readonly string UntrustedRoute = $"httproute/{Namespace}/untrusted/rule/0/match/0";

    [Fact]
    public async Task TheHealthPortServesRequestsByRouteHandshakeFailuresByReasonCertificateExpiryAndInvalidResources()
    {
        await using var gateway = await MeteredGateway.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await gateway.SendAsync(TrustedHost);
            await gateway.SendAsync(UntrustedHost);
        }
        var ok = gateway.Answers(TrustedHost, HttpStatusCode.OK);
        var badGateway = gateway.Answers(UntrustedHost, HttpStatusCode.BadGateway);

        var samples = await gateway.ScrapeUntilAsync(scraped =>
            Requests(scraped, TrustedRoute, "200") == ok && Requests(scraped, UntrustedRoute, "502") == badGateway);

        Assert.Equal(ok, Requests(samples, TrustedRoute, "200"));
        Assert.Equal(badGateway, Requests(samples, UntrustedRoute, "502"));
        Assert.Equal(0, Requests(samples, TrustedRoute, "502"));
        // A connection that failed its handshake is never pooled: each request to that backend tried one.
        var failures = Single(samples, "azuregateway_backend_tls_handshake_failures_total",
            ("azuregateway_cluster", Cluster("untrusted")), ("error_type", "untrusted_ca"));
        Assert.Equal(badGateway, failures.Value);
        Assert.DoesNotContain(samples, sample => sample.Name == "azuregateway_backend_tls_handshake_failures_total"
            && sample.Labels["azuregateway_cluster"] == Cluster("trusted"));
        AssertDaysLeft(gateway.Frontend, Single(samples, Expiry,
            ("azuregateway_certificate_usage", "listener"), ("azuregateway_certificate_source", $"Secret {Namespace}/frontend")));
        AssertDaysLeft(gateway.GatewayClient, Single(samples, Expiry,
            ("azuregateway_certificate_usage", "client"), ("azuregateway_certificate_source", $"Secret {Namespace}/gateway-client")));
        AssertDaysLeft(gateway.Authority.Certificate, Single(samples, Expiry,
            ("azuregateway_certificate_usage", "trusted_ca"), ("azuregateway_certificate_source", $"ConfigMap {Namespace}/backend-ca")));
        // The route to a Service that does not exist is the one resource with a False condition.
        Assert.Equal(1, Single(samples, "azuregateway_config_invalid_resources", ("azuregateway_resource_kind", "HTTPRoute")).Value);
        Assert.Equal(0, Single(samples, "azuregateway_config_invalid_resources", ("azuregateway_resource_kind", "Gateway")).Value);
        Assert.Equal(1, Single(samples, "azuregateway_config_reloads_total", ("azuregateway_config_result", "applied")).Value);
        // Probes and scrapes on the health port are not requests the gateway served.
        Assert.DoesNotContain(samples, sample => sample.Name == "http_server_request_duration_seconds_count"
            && sample.Labels.GetValueOrDefault("url_scheme") == "http");

        Assert.Equal(ExitCodes.Ok, await gateway.StopAsync());
    }

    [Fact]
    public async Task ARotatedClientCertificateIsCountedOnceAndItsExpiryIsTheNewOnes()
    {
        await using var gateway = await MeteredGateway.StartAsync();
        var before = gateway.GatewayClient.Thumbprint;

        gateway.RotateClientCertificate(gateway.Authority.IssueClient("metrics-gateway-client-2", lifetime: TimeSpan.FromDays(90)));
        Assert.Equal("CN=metrics-gateway-client-2", await BackendSeesAsync(gateway, "CN=metrics-gateway-client-2"));

        var samples = await gateway.ScrapeUntilAsync(scraped => scraped.Any(sample => sample.Name == "azuregateway_certificate_rotations_total"));
        var rotations = Single(samples, "azuregateway_certificate_rotations_total",
            ("azuregateway_certificate_usage", "client"), ("azuregateway_certificate_source", $"Secret {Namespace}/gateway-client"));
        Assert.Equal(1, rotations.Value);
        Assert.Single(samples, sample => sample.Name == "azuregateway_certificate_rotations_total");
        var expiry = Single(samples, Expiry,
            ("azuregateway_certificate_usage", "client"), ("azuregateway_certificate_source", $"Secret {Namespace}/gateway-client"));
        AssertDaysLeft(gateway.GatewayClient, expiry);
        Assert.NotEqual(before, expiry.Labels["azuregateway_certificate_thumbprint"]);
        Assert.Equal(2, Single(samples, "azuregateway_config_reloads_total", ("azuregateway_config_result", "applied")).Value);

        Assert.Equal(ExitCodes.Ok, await gateway.StopAsync());
    }

    private static string Cluster(string name) => $"{Namespace}/web/service/{Namespace}/{name}-app/443";

    /// <summary>Requests ASP.NET Core's <c>http.server.request.duration</c> counted for a route and status.</summary>
    private static double Requests(IReadOnlyList<PrometheusSample> samples, string route, string status) =>
        samples.Where(sample => sample.Name == "http_server_request_duration_seconds_count"
                && sample.Labels.GetValueOrDefault("http_route") == route
                && sample.Labels.GetValueOrDefault("http_response_status_code") == status)
            .Sum(sample => sample.Value);

    private static PrometheusSample Single(IReadOnlyList<PrometheusSample> samples, string name, params (string Key, string Value)[] labels)
    {
        var matching = samples.Where(sample => sample.Name == name
            && labels.All(label => sample.Labels.GetValueOrDefault(label.Key) == label.Value)).ToList();
        Assert.True(matching.Count == 1,
            $"{matching.Count} samples of {name} with {string.Join(", ", labels)}; all of {name}:\n"
            + string.Join("\n", samples.Where(sample => sample.Name == name)));
        return matching[0];
    }

    private static void AssertDaysLeft(X509Certificate2 certificate, PrometheusSample sample)
    {
        var expected = (certificate.NotAfter.ToUniversalTime() - DateTime.UtcNow).TotalDays;
        // The gauge was read at the scrape, moments ago; a quarter of an hour covers any slow machine.
        Assert.InRange(sample.Value, expected - 0.01, expected + 0.01);
        Assert.Equal(certificate.Subject, sample.Labels["azuregateway_certificate_subject"]);
    }

    /// <summary>Sends requests until the backend reports <paramref name="expected"/> as the client certificate; the last one seen.</summary>
    private static async Task<string> BackendSeesAsync(MeteredGateway gateway, string expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        var seen = "no answer yet";
        while (DateTime.UtcNow < deadline && seen != expected)
        {
            var (status, body) = await gateway.SendAsync(TrustedHost);
            seen = status == HttpStatusCode.OK ? EchoAnswer.Parse(body)?.ClientCertificate?.Subject ?? body : $"{(int)status}: {body}";
            await Task.Delay(100);
        }
        return seen;
    }
}
