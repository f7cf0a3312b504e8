using AzureGateway.Functions.Events;
using static AzureGateway.Functions.Tests.KeyVaultEvents;

namespace AzureGateway.Functions.Tests;

/// <summary>
/// Bodies that are not an event delivery are answered 400 (Event Grid dead-letters them instead of retrying for a
/// day), and bodies over the limit 413 without being read whole; neither reaches the sync nor fails with a 500.
/// </summary>
public sealed class HostileDeliveryTests
{
    [Theory]
    [InlineData("[null]", "the body must be an event object or a non-empty array of event objects, not an array holding something other than objects")]
    [InlineData("null", "the body must be an event object or a non-empty array of event objects, not null")]
    [InlineData("123", "the body must be an event object or a non-empty array of event objects, not a JSON number")]
    [InlineData("\"x\"", "the body must be an event object or a non-empty array of event objects, not a JSON string")]
    [InlineData("[]", "the body must be an event object or a non-empty array of event objects, not an empty array")]
    [InlineData("[{\"id\":\"1\"},42]", "the body must be an event object or a non-empty array of event objects, not an array holding something other than objects")]
    [InlineData("not json", "the body is not JSON")]
    [InlineData("", "the body is not JSON")]
    [InlineData("[{\"id\":\"1\"}]", "the body is not an Event Grid or CloudEvents delivery")]
    [InlineData("{\"specversion\":\"1.0\"}", "the body is not an Event Grid or CloudEvents delivery")]
    public async Task A_body_that_is_not_an_event_delivery_is_refused_with_a_one_line_reason(string body, string reason)
    {
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync);

        var answer = await functions.WebhookAsync(body);

        Assert.Equal(400, answer.StatusCode);
        var error = answer.Body?["error"]?.GetValue<string>();
        Assert.NotNull(error);
        Assert.StartsWith(reason, error);
        Assert.DoesNotContain('\n', error);
        Assert.Empty(sync.Calls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_limit_is_refused_with_413_whether_or_not_its_length_is_declared(bool declareLength)
    {
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync);
        var oversized = Delivery(EventGridSchema(NewVersionCreated, CertificateData("gateway-client", "4a3d1e6f0c2b4f8e9d7a5b3c1e0f2a4b")));
        oversized[0]!["padding"] = new string('x', new WebhookOptions().MaxBodyBytes);

        var answer = await functions.WebhookAsync(oversized.ToJsonString(), declareLength);

        Assert.Equal(413, answer.StatusCode);
        Assert.Equal($"the body is larger than {new WebhookOptions().MaxBodyBytes} bytes", answer.Body?["error"]?.GetValue<string>());
        Assert.Empty(sync.Calls);
    }

    [Fact]
    public async Task The_body_limit_is_a_setting()
    {
        var sync = new RecordingCertificateSync();
        await using var functions = FunctionsInProcess.Start(sync, settings: new Dictionary<string, string?> { ["Webhook:MaxBodyBytes"] = "100" });
        var delivery = Delivery(EventGridSchema(NewVersionCreated, CertificateData("gateway-client", "4a3d1e6f0c2b4f8e9d7a5b3c1e0f2a4b")));

        var answer = await functions.WebhookAsync(delivery);

        Assert.Equal(413, answer.StatusCode);
        Assert.Empty(sync.Calls);
    }

    [Fact]
    public async Task A_delivery_just_under_the_limit_is_handled()
    {
        var sync = new RecordingCertificateSync();
        var delivery = Delivery(EventGridSchema(NewVersionCreated, CertificateData("gateway-client", "4a3d1e6f0c2b4f8e9d7a5b3c1e0f2a4b")));
        var length = System.Text.Encoding.UTF8.GetByteCount(delivery.ToJsonString());
        await using var functions = FunctionsInProcess.Start(sync, settings: new Dictionary<string, string?> { ["Webhook:MaxBodyBytes"] = $"{length}" });

        var answer = await functions.WebhookAsync(delivery.ToJsonString(), declareLength: false);

        Assert.Equal(200, answer.StatusCode);
        Assert.Single(sync.Calls);
    }
}
