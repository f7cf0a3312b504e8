using System.Diagnostics.Metrics;
using System.Globalization;
using AzureGateway.Functions.Events;
using AzureGateway.KeyVault;
using Microsoft.Extensions.Time.Testing;
using static AzureGateway.Functions.Tests.KeyVaultEvents;

namespace AzureGateway.Functions.Tests;

public sealed class SyncLagTests
{
    private const string Version = "4a3d1e6f0c2b4f8e9d7a5b3c1e0f2a4b";

    // The time KeyVaultEvents stamps on every event.
    private static readonly DateTimeOffset EventTime = DateTimeOffset.Parse("2026-11-23T06:00:00Z", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("eventgrid")]
    [InlineData("cloudevents")]
    public async Task The_time_from_a_new_version_event_to_the_objects_written_is_measured(string schema)
    {
        var name = $"lag-{schema}";
        await using var functions = FunctionsInProcess.Start(new RecordingCertificateSync(), new FakeTimeProvider(EventTime.AddSeconds(42.5)));
        var measured = new List<(double Seconds, string? Certificate)>();
        using var listener = ListenToSyncLag(functions, measured);
        var data = CertificateData(name, Version);

        await functions.KeyVaultCertificateEventsAsync(
            (schema == "eventgrid" ? EventGridSchema(NewVersionCreated, data) : CloudEventsSchema(NewVersionCreated, data)).ToJsonString());

        Assert.Equal([(42.5, $"{Vault}/certificates/{name}")], measured);
    }

    [Fact]
    public async Task An_event_about_a_version_already_written_measures_no_lag()
    {
        var sync = new RecordingCertificateSync { Report = new SyncReport(0, 2, []) };
        await using var functions = FunctionsInProcess.Start(sync, new FakeTimeProvider(EventTime.AddMinutes(10)));
        var measured = new List<(double Seconds, string? Certificate)>();
        using var listener = ListenToSyncLag(functions, measured);

        var answer = await functions.WebhookAsync(Delivery(EventGridSchema(NewVersionCreated, CertificateData("gateway-client", Version))));

        Assert.Equal(200, answer.StatusCode);
        Assert.Single(sync.Calls);
        Assert.Empty(measured);
    }

    private static MeterListener ListenToSyncLag(FunctionsInProcess functions, List<(double, string?)> measured) =>
        AppMeasurements.Listen<double>(functions, KeyVaultEventMetrics.SyncLag, (seconds, tag) =>
        {
            lock (measured)
            {
                measured.Add((seconds, tag("certificate")));
            }
        });
}
