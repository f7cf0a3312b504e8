using Microsoft.Azure.Functions.Worker;

namespace AzureGateway.Functions.Events;

/// <summary>
/// The Key Vault certificate events the Event Grid subscription delivers to this function (endpoint type
/// AzureFunction, so no key travels in a URL). The host's Event Grid extension answers the handshakes and hands over
/// one event at a time; a failing sync fails the invocation, and Event Grid delivers the event again.
/// </summary>
internal sealed partial class KeyVaultCertificateEvents(KeyVaultEventProcessor processor, ILogger<KeyVaultCertificateEvents> logger)
{
    [Function(nameof(KeyVaultCertificateEvents))]
    public async Task RunAsync([EventGridTrigger] string eventGridEvent, CancellationToken cancellationToken)
    {
        if (!KeyVaultEventReader.TryRead(BinaryData.FromString(eventGridEvent), out var events, out var problem))
        {
            // The same event would be unreadable on every retry: it is logged once and acknowledged.
            Log.Unreadable(logger, problem!);
            return;
        }
        await processor.ProcessAsync(events, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Event Grid event not handled: {Problem}")]
        public static partial void Unreadable(ILogger logger, string problem);
    }
}
