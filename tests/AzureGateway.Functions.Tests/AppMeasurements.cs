using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace AzureGateway.Functions.Tests;

internal static class AppMeasurements
{
    /// <summary>
    /// Hands each measurement of <paramref name="functions"/>' instrument <paramref name="instrument"/> to
    /// <paramref name="measured"/>, with a reader of its tags, until the listener is disposed. Only this app's meters
    /// are heard: other tests' apps run in the same process and measure too.
    /// </summary>
    public static MeterListener Listen<T>(FunctionsInProcess functions, string instrument, Action<T, Func<string, string?>> measured)
        where T : struct
    {
        var meters = functions.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (published, l) =>
            {
                if (published.Meter.Scope == meters && published.Name == instrument)
                {
                    l.EnableMeasurementEvents(published);
                }
            },
        };
        listener.SetMeasurementEventCallback<T>((_, value, tags, _) =>
        {
            var tagged = tags.ToArray();
            measured(value, key => tagged.FirstOrDefault(t => t.Key == key).Value as string);
        });
        listener.Start();
        return listener;
    }
}
