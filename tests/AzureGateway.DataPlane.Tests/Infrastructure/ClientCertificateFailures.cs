using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// The client certificate failures the data plane counts, as "reason/outcome". Every data plane in the test process
/// reports to the same instrument, so the classes that cause such failures share the collection "Frontend mTLS".
/// </summary>
internal sealed class ClientCertificateFailures : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _counted = new();

    public ClientCertificateFailures()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GatewayDataPlane.MeterName && instrument.Name == "azuregateway.frontend.client_certificate.failures")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var tagged = tags.ToArray();
            string? Tag(string key) => tagged.FirstOrDefault(tag => tag.Key == key).Value as string;
            for (var i = 0; i < value; i++)
            {
                _counted.Enqueue($"{Tag("reason")}/{Tag("outcome")}");
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<string> Counted => [.. _counted];

    public void Dispose() => _listener.Dispose();
}
