using System.Globalization;

namespace AzureGateway.Translation.Policies;

/// <summary>
/// Reads the text of a Kubernetes <c>metav1.Duration</c>, the form Application Gateway for Containers' policies
/// use (<c>3600s</c>, <c>1h30m</c>, <c>1.5s</c>, <c>250ms</c>): Go's duration syntax, an optional sign and one or
/// more decimal numbers each with a unit (<c>ns</c>, <c>us</c>, <c>µs</c>, <c>ms</c>, <c>s</c>, <c>m</c>,
/// <c>h</c>); a lone <c>0</c> needs none. Gateway API durations (<c>rules[].timeouts</c>) are a narrower syntax.
/// </summary>
internal static class MetaDuration
{
    private static readonly (string Unit, decimal Ticks)[] Units =
    [
        ("ns", 0.01m), ("us", 10m), ("µs", 10m), ("μs", 10m), ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
    ];

    /// <summary>The duration, or null when <paramref name="text"/> is not one (or is beyond what a TimeSpan holds).</summary>
    public static TimeSpan? Parse(string text)
    {
        var rest = text.AsSpan();
        var negative = false;
        if (rest.Length > 0 && rest[0] is '-' or '+')
        {
            negative = rest[0] == '-';
            rest = rest[1..];
        }
        if (rest is "0")
        {
            return TimeSpan.Zero;
        }
        if (rest.IsEmpty)
        {
            return null;
        }
        var ticks = 0m;
        try
        {
            while (!rest.IsEmpty)
            {
                var digits = 0;
                while (digits < rest.Length && (char.IsAsciiDigit(rest[digits]) || rest[digits] == '.'))
                {
                    digits++;
                }
                var number = rest[..digits];
                if (number.IsEmpty || number is "." || number.Count('.') > 1
                    || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                {
                    return null;
                }
                rest = rest[digits..];
                var letters = 0;
                while (letters < rest.Length && !char.IsAsciiDigit(rest[letters]) && rest[letters] != '.')
                {
                    letters++;
                }
                var unit = rest[..letters].ToString();
                var perUnit = Array.Find(Units, u => u.Unit == unit).Ticks;
                if (perUnit == 0)
                {
                    return null;
                }
                ticks += value * perUnit;
                rest = rest[letters..];
            }
        }
        catch (OverflowException)
        {
            return null;
        }
        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return null;
        }
        var whole = (long)decimal.Truncate(ticks);
        return TimeSpan.FromTicks(negative ? -whole : whole);
    }
}
