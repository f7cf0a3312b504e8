using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// The reasons of the backend TLS handshake failures the data plane counts for one cluster. Every data plane in
/// the test process reports to the same instrument name, so only the cluster's own measurements are kept.
/// </summary>
internal sealed class HandshakeFailures : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string?> _reasons = new();

    public HandshakeFailures(string cluster)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GatewayDataPlane.MeterName && instrument.Name == "azuregateway.backend.tls_handshake.failures")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var tagged = tags.ToArray();
            string? Tag(string key) => tagged.FirstOrDefault(tag => tag.Key == key).Value as string;
            if (Tag("azuregateway.cluster") == cluster)
            {
                for (var i = 0; i < value; i++)
                {
                    _reasons.Enqueue(Tag("error.type"));
                }
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<string?> Reasons => [.. _reasons];

    public void Dispose() => _listener.Dispose();
}
