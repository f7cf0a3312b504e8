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
        try
        {
            events = IsCloudEvents(payload)
                ? [.. CloudEvent.ParseMany(payload).Select(e => Read(e.Type, e.Time, e.TryGetSystemEventData(out var data) ? data : null))]
                : [.. EventGridEvent.ParseMany(payload).Select(e => Read(e.EventType, e.EventTime, e.TryGetSystemEventData(out var data) ? data : null))];
            problem = null;
            return true;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            problem = $"the body is not an Event Grid or CloudEvents delivery: {e.Message}";
            return false;
        }
    }

    private static bool IsCloudEvents(BinaryData payload)
    {
        using var document = JsonDocument.Parse(payload);
        var first = document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement.EnumerateArray().FirstOrDefault()
            : document.RootElement;
        return first.ValueKind == JsonValueKind.Object && first.TryGetProperty("specversion", out _);
    }

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
