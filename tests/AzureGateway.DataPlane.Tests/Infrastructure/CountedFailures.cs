using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// What one of the data plane's failure counters counted, one entry per count, described by its tags. Every data
/// plane in the test process reports to the same instruments, so a description may leave a measurement out (null), and
/// classes whose cases cause the same failures share a test collection.
/// </summary>
internal sealed class CountedFailures : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _counted = new();

    private CountedFailures(string instrumentName, Func<Func<string, string?>, string?> describe)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GatewayDataPlane.MeterName && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var tagged = tags.ToArray();
            if (describe(key => tagged.FirstOrDefault(tag => tag.Key == key).Value as string) is { } entry)
            {
                for (var i = 0; i < value; i++)
                {
                    _counted.Enqueue(entry);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Backend TLS handshake failures of one cluster, by <c>error.type</c>.</summary>
    public static CountedFailures BackendHandshakes(string cluster) => new("azuregateway.backend.tls_handshake.failures",
        tag => tag("azuregateway.cluster") == cluster ? tag("error.type") : null);

    /// <summary>Client certificate failures, as <c>reason/outcome</c>.</summary>
    public static CountedFailures ClientCertificates() => new("azuregateway.frontend.client_certificate.failures",
        tag => $"{tag("reason")}/{tag("outcome")}");

    /// <summary>Clients refused for what they sent, as <c>kind/reason</c>.</summary>
    public static CountedFailures ClientFailures() => new("azuregateway.frontend.client_failures",
        tag => $"{tag("kind")}/{tag("reason")}");

    public IReadOnlyList<string> Counted => [.. _counted];

    public void Dispose() => _listener.Dispose();
}
