using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using AzureGateway.Functions.Events;
using Microsoft.Extensions.Logging;
using static AzureGateway.Functions.Tests.KeyVaultEvents;

namespace AzureGateway.Functions.Tests;

public sealed class KeyVaultCertificateEventsTests
{
    private const string Version = "4a3d1e6f0c2b4f8e9d7a5b3c1e0f2a4b";

    /// <summary>The ways a NewVersionCreated event reaches the app: schema × (plain webhook, the Event Grid trigger).</summary>
    public static TheoryData<string, string> Deliveries => new()
    {
        { "eventgrid", "webhook" },
        { "cloudevents", "webhook" },
        { "eventgrid", "trigger" },
        { "cloudevents", "trigger" },
    };

    [Theory]
    [MemberData(nameof(Deliveries))]
    public async Task A_new_version_updates_the_objects_bound_to_that_certificate_and_version(string schema, string route)
    {
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync);
        var data = CertificateData("gateway-client", Version);
        var received = schema == "eventgrid" ? EventGridSchema(NewVersionCreated, data) : CloudEventsSchema(NewVersionCreated, data);

        await DeliverAsync(functions, route, received);

        Assert.Equal([$"changed {Vault}/certificates/gateway-client/{Version}"], sync.Calls);
        Assert.Contains(functions.Logs.GetSnapshot(), r => r.Level == LogLevel.Information
            && r.Message.Contains($"{NewVersionCreated} for {Vault}/certificates/gateway-client/{Version}: 2 updated, 1 unchanged, 1 problem(s)"));
    }

    [Fact]
    public async Task The_webhook_answers_subscription_validation_with_the_code_and_syncs_nothing()
    {
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync);

        var answer = await functions.WebhookAsync(Delivery(SubscriptionValidation("512d38b6-c7b8-40c8-89fe-f46f9e9622b6")));

        Assert.Equal(200, answer.StatusCode);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", answer.Body?["validationResponse"]?.GetValue<string>());
        Assert.Empty(sync.Calls);
    }

    [Fact]
    public async Task The_webhook_allows_the_origin_that_asks_in_the_CloudEvents_handshake()
    {
        await using var functions = FunctionsInProcess.Start(new RecordingCertificateSync());

        var answer = await functions.WebhookOptionsAsync("eventgrid.azure.net");

        Assert.Equal(200, answer.StatusCode);
        Assert.Equal("eventgrid.azure.net", answer.Headers["WebHook-Allowed-Origin"].ToString());
        Assert.Equal("*", answer.Headers["WebHook-Allowed-Rate"].ToString());
    }

    [Fact]
    public async Task The_CloudEvents_handshake_without_an_origin_is_refused()
    {
        await using var functions = FunctionsInProcess.Start(new RecordingCertificateSync());

        var answer = await functions.WebhookOptionsAsync(origin: null);

        Assert.Equal(400, answer.StatusCode);
        Assert.False(answer.Headers.ContainsKey("WebHook-Allowed-Origin"));
    }

    [Theory]
    [InlineData(NearExpiry, "near expiry", "near_expiry", "is near its expiry")]
    [InlineData(Expired, "expired", "expired", "has expired")]
    public async Task An_expiry_notice_marks_the_bound_objects_logs_a_warning_and_counts(string eventType, string call, string state, string warning)
    {
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync);
        var measurements = new List<(long Value, string? Certificate, string? State)>();
        using var listener = ListenToExpiryCounter(functions, measurements);

        await functions.KeyVaultCertificateEventsAsync(EventGridSchema(eventType, CertificateData("gateway-client", Version)).ToJsonString());

        Assert.Equal([$"{call} {Vault}/certificates/gateway-client/{Version}"], sync.Calls);
        Assert.Contains(functions.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("gateway-client") && r.Message.Contains(warning));
        lock (measurements)
        {
            Assert.Equal([(1L, $"{Vault}/certificates/gateway-client", state)], measurements);
        }
    }

    [Fact]
    public async Task An_event_of_another_type_is_acknowledged_and_ignored()
    {
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync);
        var blobCreated = EventGridSchema("Microsoft.Storage.BlobCreated", new JsonObject { ["api"] = "PutBlob", ["url"] = "https://account.blob.core.windows.net/c/b" });
        var secretCreated = CloudEventsSchema("Microsoft.KeyVault.SecretNewVersionCreated", CertificateData("gateway-client", Version));

        var fromWebhook = await functions.WebhookAsync(Delivery(blobCreated));
        await functions.KeyVaultCertificateEventsAsync(secretCreated.ToJsonString());

        Assert.Equal(200, fromWebhook.StatusCode);
        Assert.Empty(sync.Calls);
    }

    [Theory]
    [InlineData("webhook")]
    [InlineData("trigger")]
    public async Task A_failing_sync_fails_the_invocation_so_Event_Grid_delivers_the_event_again(string route)
    {
        var failure = new InvalidOperationException("vault myvault refused token for tenant 1234");
        var sync = new RecordingCertificateSync { Failure = failure };
        await using var functions = FunctionsInProcess.Start(sync);

        // The host answers a failed invocation 500 with no body, and Event Grid retries; nothing of the failure is sent.
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DeliverAsync(functions, route, EventGridSchema(NewVersionCreated, CertificateData("gateway-client", Version))));

        Assert.Same(failure, thrown);
        Assert.Single(sync.Calls);
    }

    [Fact]
    public async Task An_unreadable_event_from_the_trigger_is_logged_once_and_not_retried()
    {
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync);

        await functions.KeyVaultCertificateEventsAsync("[null]");

        Assert.Empty(sync.Calls);
        var warning = Assert.Single(functions.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.StartsWith("Event Grid event not handled: the body must be an event object", warning.Message);
    }

    private static async Task DeliverAsync(FunctionsInProcess functions, string route, JsonObject received)
    {
        switch (route)
        {
            case "webhook":
                var answer = await functions.WebhookAsync(Delivery(received));
                Assert.Equal(200, answer.StatusCode);
                break;
            case "trigger":
                // The host's Event Grid extension hands the trigger one event, as its JSON text.
                await functions.KeyVaultCertificateEventsAsync(received.ToJsonString());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(route), route, null);
        }
    }

    private static MeterListener ListenToExpiryCounter(FunctionsInProcess functions, List<(long, string?, string?)> measurements) =>
        AppMeasurements.Listen<long>(functions, KeyVaultEventMetrics.ExpiryEvents, (count, tag) =>
        {
            lock (measurements)
            {
                measurements.Add((count, tag("certificate"), tag("state")));
            }
        });
}
