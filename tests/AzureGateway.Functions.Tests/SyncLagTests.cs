using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AzureGateway.Functions.Events;
using AzureGateway.Functions.Hosting;
using AzureGateway.KeyVault;
using AzureGateway.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using static AzureGateway.Functions.Tests.KeyVaultEvents;

namespace AzureGateway.Functions.Tests;

public sealed partial class SyncLagTests
{
    private const string Version = "4a3d1e6f0c2b4f8e9d7a5b3c1e0f2a4b";

    // The time KeyVaultEvents stamps on every event.
    private static readonly DateTimeOffset EventTime = DateTimeOffset.Parse("2026-11-23T06:00:00Z", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("eventgrid")]
    [InlineData("cloudevents")]
    public async Task The_time_from_a_new_version_event_to_the_objects_written_is_measured_and_served_on_metrics(string schema)
    {
        // A certificate of its own: every app in this test process is measured by every app's metrics endpoint.
        var name = $"lag-{schema}";
        await using var host = await FunctionsHost.StartAsync(new RecordingCertificateSync(), new FixedClock(EventTime.AddSeconds(42.5)));
        var measured = new List<(double Seconds, string? Certificate)>();
        using var listener = ListenToSyncLag(host, measured);
        var data = CertificateData(name, Version);

        using var response = await host.PostAsync(FunctionRoutes.KeyVaultCertificateWebhook,
            Delivery(schema == "eventgrid" ? EventGridSchema(NewVersionCreated, data) : CloudEventsSchema(NewVersionCreated, data)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var certificate = $"{Vault}/certificates/{name}";
        Assert.Equal([(42.5, certificate)], measured);
        using var scrape = await host.Client.GetAsync(MetricsEndpoint.Path);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Equal(1, Sample(text, "azuregateway_keyvault_sync_lag_seconds_count", certificate));
        Assert.Equal(42.5, Sample(text, "azuregateway_keyvault_sync_lag_seconds_sum", certificate));
    }

    [Fact]
    public async Task An_event_about_a_version_already_written_measures_no_lag()
    {
        var sync = new RecordingCertificateSync { Report = new SyncReport(0, 2, []) };
        await using var host = await FunctionsHost.StartAsync(sync, new FixedClock(EventTime.AddMinutes(10)));
        var measured = new List<(double Seconds, string? Certificate)>();
        using var listener = ListenToSyncLag(host, measured);

        using var response = await host.PostAsync(FunctionRoutes.KeyVaultCertificateWebhook,
            Delivery(EventGridSchema(NewVersionCreated, CertificateData("gateway-client", Version))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(sync.Calls);
        Assert.Empty(measured);
    }

    /// <summary>Listens to this app's sync lag only: other tests' apps run in the same process.</summary>
    private static MeterListener ListenToSyncLag(FunctionsHost host, List<(double, string?)> measured)
    {
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == KeyVaultEventMetrics.SyncLag)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var certificate = tags.ToArray().FirstOrDefault(t => t.Key == "certificate").Value as string;
            lock (measured)
            {
                measured.Add((value, certificate));
            }
        });
        listener.Start();
        return listener;
    }

    /// <summary>The value of the one sample of <paramref name="metric"/> for <paramref name="certificate"/> in a scrape.</summary>
    private static double Sample(string scrape, string metric, string certificate)
    {
        var values = scrape.Split('\n')
            .Select(line => SamplePattern().Match(line))
            .Where(match => match.Success && match.Groups["name"].Value == metric
                && match.Groups["labels"].Value.Contains($"certificate=\"{certificate}\"", StringComparison.Ordinal))
            .Select(match => double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(values.Count == 1, $"{values.Count} samples of {metric} for {certificate} in:\n{scrape}");
        return values[0];
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{(?<labels>.*)\} (?<value>\S+)$")]
    private static partial Regex SamplePattern();
}
