using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using AzureGateway.KeyVault;

namespace AzureGateway.Functions.Events;

/// <summary>
/// Reads a delivery of events in either schema Event Grid speaks: its own (<c>eventType</c>) or CloudEvents v1.0
/// (<c>specversion</c>), one event or an array, through the Event Grid SDK's parsers and system event types.
/// </summary>
internal static class KeyVaultEventReader
{
    public static bool TryRead(BinaryData payload, out IReadOnlyList<ReceivedEvent> events, out string? problem)
    {
        events = [];
        // The SDK's parsers assume events are objects; anything else (null, a number, [null]) is refused here first.
        if (!TryFindSchema(payload, out var cloudEvents, out problem))
        {
            return false;
        }
        try
        {
            events = cloudEvents
                ? [.. CloudEvent.ParseMany(payload).Select(e => Read(e.Type, e.Time, e.TryGetSystemEventData(out var data) ? data : null))]
                : [.. EventGridEvent.ParseMany(payload).Select(e => Read(e.EventType, e.EventTime, e.TryGetSystemEventData(out var data) ? data : null))];
            return true;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            problem = $"the body is not an Event Grid or CloudEvents delivery: {FirstLine(e.Message)}";
            return false;
        }
    }

    /// <summary>A delivery is one event object or a non-empty array of them; CloudEvents if the first one has <c>specversion</c>.</summary>
    private static bool TryFindSchema(BinaryData payload, out bool cloudEvents, out string? problem)
    {
        cloudEvents = false;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            problem = $"the body is not JSON: {FirstLine(e.Message)}";
            return false;
        }
        using (document)
        {
            var root = document.RootElement;
            JsonElement[] events = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : [root];
            if (events.Length == 0 || events.Any(e => e.ValueKind != JsonValueKind.Object))
            {
                problem = $"the body must be an event object or a non-empty array of event objects, not {Describe(root)}";
                return false;
            }
            cloudEvents = events[0].TryGetProperty("specversion", out _);
            problem = null;
            return true;
        }
    }

    // Some of the SDK's messages add a second line (the parameter name); the answer is one line.
    private static string FirstLine(string message) => message.Split('\n', 2)[0].TrimEnd();

    private static string Describe(JsonElement root) => root.ValueKind switch
    {
        JsonValueKind.Array => root.GetArrayLength() == 0 ? "an empty array" : "an array holding something other than objects",
        JsonValueKind.Null => "null",
        var kind => $"a JSON {kind.ToString().ToLowerInvariant()}",
    };

    private static ReceivedEvent Read(string type, DateTimeOffset? time, object? data) => data switch
    {
        SubscriptionValidationEventData validation => new SubscriptionValidationRequested(type, validation.ValidationCode),
        KeyVaultCertificateNewVersionCreatedEventData created => Certificate(type, time, CertificateEventKind.NewVersionCreated, created.Id),
        KeyVaultCertificateNearExpiryEventData nearExpiry => Certificate(type, time, CertificateEventKind.NearExpiry, nearExpiry.Id),
        KeyVaultCertificateExpiredEventData expired => Certificate(type, time, CertificateEventKind.Expired, expired.Id),
        _ => new IgnoredEvent(type, "not a Key Vault certificate event"),
    };

    private static ReceivedEvent Certificate(string type, DateTimeOffset? time, CertificateEventKind kind, string? id) =>
        KeyVaultCertificateId.TryParse(id, out var certificate, out var problem)
            ? new CertificateEvent(type, kind, certificate!, time)
            : new IgnoredEvent(type, problem!);
}
