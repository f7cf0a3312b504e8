using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AzureGateway.Functions.Events;
using AzureGateway.Functions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static AzureGateway.Functions.Tests.KeyVaultEvents;

namespace AzureGateway.Functions.Tests;

public sealed class KeyVaultCertificateEventsTests
{
    private const string Version = "4a3d1e6f0c2b4f8e9d7a5b3c1e0f2a4b";

    /// <summary>The ways a NewVersionCreated event reaches the app: schema × (plain webhook, host envelope with the event as JSON or as a string).</summary>
    public static TheoryData<string, string> Deliveries => new()
    {
        { "eventgrid", "webhook" },
        { "cloudevents", "webhook" },
        { "eventgrid", "envelope" },
        { "cloudevents", "envelope" },
        { "eventgrid", "envelope-string" },
        { "cloudevents", "envelope-string" },
    };

    [Theory]
    [MemberData(nameof(Deliveries))]
    public async Task A_new_version_updates_the_objects_bound_to_that_certificate_and_version(string schema, string route)
    {
        var sync = new RecordingCertificateSync();
        await using var host = await FunctionsHost.StartAsync(sync);
        var data = CertificateData("gateway-client", Version);
        var received = schema == "eventgrid" ? EventGridSchema(NewVersionCreated, data) : CloudEventsSchema(NewVersionCreated, data);

        using var response = await DeliverAsync(host, route, received);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([$"changed {Vault}/certificates/gateway-client/{Version}"], sync.Calls);
        if (route != "webhook")
        {
            var answer = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.NotNull(answer);
            Assert.Equal(JsonValueKind.Object, answer["Outputs"]!.GetValueKind());
            Assert.Contains("2 updated, 1 unchanged", answer["Logs"]!.AsArray().Single()!.GetValue<string>());
            Assert.True(answer.ContainsKey("ReturnValue"));
        }
    }

    [Fact]
    public async Task The_webhook_answers_subscription_validation_with_the_code_and_syncs_nothing()
    {
        var sync = new RecordingCertificateSync();
        await using var host = await FunctionsHost.StartAsync(sync);

        using var response = await host.PostAsync(FunctionRoutes.KeyVaultCertificateWebhook, Delivery(SubscriptionValidation("512d38b6-c7b8-40c8-89fe-f46f9e9622b6")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", answer?["validationResponse"]?.GetValue<string>());
        Assert.Empty(sync.Calls);
    }

    [Fact]
    public async Task The_webhook_allows_the_origin_that_asks_in_the_CloudEvents_handshake()
    {
        await using var host = await FunctionsHost.StartAsync(new RecordingCertificateSync());
        using var request = new HttpRequestMessage(HttpMethod.Options, FunctionRoutes.KeyVaultCertificateWebhook);
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eventgrid.azure.net", Assert.Single(response.Headers.GetValues("WebHook-Allowed-Origin")));
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("WebHook-Allowed-Rate")));
    }

    [Fact]
    public async Task The_CloudEvents_handshake_without_an_origin_is_refused()
    {
        await using var host = await FunctionsHost.StartAsync(new RecordingCertificateSync());
        using var request = new HttpRequestMessage(HttpMethod.Options, FunctionRoutes.KeyVaultCertificateWebhook);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("WebHook-Allowed-Origin"));
    }

    [Theory]
    [InlineData(NearExpiry, "near expiry", "near_expiry", "is near its expiry")]
    [InlineData(Expired, "expired", "expired", "has expired")]
    public async Task An_expiry_notice_marks_the_bound_objects_logs_a_warning_and_counts(string eventType, string call, string state, string warning)
    {
        var sync = new RecordingCertificateSync();
        await using var host = await FunctionsHost.StartAsync(sync);
        var measurements = new List<(long Value, string? Certificate, string? State)>();
        using var listener = ListenToExpiryCounter(host, measurements);

        using var response = await host.PostAsync(FunctionRoutes.KeyVaultCertificateWebhook,
            Delivery(EventGridSchema(eventType, CertificateData("gateway-client", Version))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([$"{call} {Vault}/certificates/gateway-client/{Version}"], sync.Calls);
        Assert.Contains(host.Logs.Records, r => r.Level == LogLevel.Warning && r.Message.Contains("gateway-client") && r.Message.Contains(warning));
        lock (measurements)
        {
            Assert.Equal([(1L, $"{Vault}/certificates/gateway-client", state)], measurements);
        }
    }

    [Fact]
    public async Task An_event_of_another_type_is_acknowledged_and_ignored()
    {
        var sync = new RecordingCertificateSync();
        await using var host = await FunctionsHost.StartAsync(sync);
        var blobCreated = EventGridSchema("Microsoft.Storage.BlobCreated", new JsonObject { ["api"] = "PutBlob", ["url"] = "https://account.blob.core.windows.net/c/b" });
        var secretCreated = CloudEventsSchema("Microsoft.KeyVault.SecretNewVersionCreated", CertificateData("gateway-client", Version));

        using var fromWebhook = await host.PostAsync(FunctionRoutes.KeyVaultCertificateWebhook, Delivery(blobCreated));
        using var fromHost = await host.PostAsync(FunctionRoutes.KeyVaultCertificateEvents,
            Invocation("KeyVaultCertificateEvents", KeyVaultEventEndpoints.TriggerBinding, secretCreated));

        Assert.Equal(HttpStatusCode.OK, fromWebhook.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromHost.StatusCode);
        Assert.Empty(sync.Calls);
    }

    [Theory]
    [InlineData("webhook")]
    [InlineData("envelope")]
    public async Task A_failing_sync_answers_500_so_Event_Grid_retries_and_tells_the_caller_nothing_of_the_failure(string route)
    {
        var sync = new RecordingCertificateSync { Failure = new InvalidOperationException("vault myvault refused token for tenant 1234") };
        await using var host = await FunctionsHost.StartAsync(sync);

        using var response = await DeliverAsync(host, route, EventGridSchema(NewVersionCreated, CertificateData("gateway-client", Version)));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("tenant", body);
        Assert.DoesNotContain(nameof(InvalidOperationException), body);
        Assert.DoesNotContain("   at ", body);
        Assert.Single(sync.Calls);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[{\"id\":\"1\"}]")]
    public async Task A_body_that_is_not_an_event_delivery_is_refused_with_a_one_line_reason(string body)
    {
        var sync = new RecordingCertificateSync();
        await using var host = await FunctionsHost.StartAsync(sync);

        using var response = await host.Client.PostAsync(FunctionRoutes.KeyVaultCertificateWebhook, new StringContent(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())?["error"]?.GetValue<string>();
        Assert.StartsWith("the body is not an Event Grid or CloudEvents delivery", error);
        Assert.NotNull(error);
        Assert.DoesNotContain('\n', error);
        Assert.Empty(sync.Calls);
    }

    private static Task<HttpResponseMessage> DeliverAsync(FunctionsHost host, string route, JsonObject received) => route switch
    {
        "webhook" => host.PostAsync(FunctionRoutes.KeyVaultCertificateWebhook, Delivery(received)),
        "envelope" => host.PostAsync(FunctionRoutes.KeyVaultCertificateEvents,
            Invocation("KeyVaultCertificateEvents", KeyVaultEventEndpoints.TriggerBinding, received)),
        "envelope-string" => host.PostAsync(FunctionRoutes.KeyVaultCertificateEvents,
            Invocation("KeyVaultCertificateEvents", KeyVaultEventEndpoints.TriggerBinding, JsonValue.Create(received.ToJsonString()))),
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
    };

    /// <summary>Listens to this app's expiry counter only: other tests' apps run in the same process.</summary>
    private static MeterListener ListenToExpiryCounter(FunctionsHost host, List<(long, string?, string?)> measurements)
    {
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == KeyVaultEventMetrics.ExpiryEvents)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var tagged = tags.ToArray();
            string? Tag(string key) => tagged.FirstOrDefault(t => t.Key == key).Value as string;
            lock (measurements)
            {
                measurements.Add((value, Tag("certificate"), Tag("state")));
            }
        });
        listener.Start();
        return listener;
    }
}
