using System.Diagnostics.Metrics;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>Reads the data plane's ejected-endpoints gauge, which every data plane in the test process reports to.</summary>
internal static class EjectedEndpoints
{
    /// <summary>What the ejected-endpoints gauge says now for <paramref name="cluster"/> (0 when it says nothing).</summary>
    public static int Now(string cluster)
    {
        var ejected = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GatewayDataPlane.MeterName && instrument.Name == "azuregateway.backend.endpoints.ejected")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "azuregateway.cluster" && (string?)tag.Value == cluster)
                {
                    ejected += value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return ejected;
    }
}
