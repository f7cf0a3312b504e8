using System.Globalization;
using System.Text;

namespace AzureGateway.IR;

/// <summary>
/// IR durations written as the Gateway API writes them (GEP-2257's standard form: descending units, each once, the
/// largest possible: <c>1h30m</c>, <c>1s500ms</c>, <c>0s</c>), wherever the IR or what it compiles to is shown.
/// </summary>
public static class DurationText
{
    private static readonly (string Unit, long Milliseconds)[] Units = [("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1)];

    /// <summary>The standard form; parts below a millisecond, which no Gateway API duration has, are not shown.</summary>
    public static string Format(TimeSpan value)
    {
        var milliseconds = (long)value.TotalMilliseconds;
        if (milliseconds <= 0)
        {
            return "0s";
        }
        var text = new StringBuilder();
        foreach (var (unit, size) in Units)
        {
            if (milliseconds >= size)
            {
                text.Append(CultureInfo.InvariantCulture, $"{milliseconds / size}{unit}");
                milliseconds %= size;
            }
        }
        return text.ToString();
    }
}
