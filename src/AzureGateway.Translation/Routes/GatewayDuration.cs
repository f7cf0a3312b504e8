using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// The Gateway API duration format (GEP-2257): one to four components of up to five digits and a unit (h, m, s,
/// ms), summed; <c>0s</c> is the zero duration. Printed in the GEP's standard form: descending units, each once,
/// the largest unit possible (<c>1h30m</c>, <c>1s500ms</c>, <c>0s</c>).
/// </summary>
public static partial class GatewayDuration
{
    /// <summary>The duration <paramref name="text"/> says; null when it is absent, or invalid (then a problem is added).</summary>
    public static TimeSpan? Parse(string? text, string field, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }
        if (!Syntax().IsMatch(text))
        {
            problems.Add($"{field} \"{text}\" is not a Gateway API duration (such as 10s, 1m30s or 500ms)");
            return null;
        }
        var total = TimeSpan.Zero;
        foreach (Match component in Component().Matches(text))
        {
            var value = long.Parse(component.Groups[1].Value, CultureInfo.InvariantCulture);
            total += component.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                _ => TimeSpan.FromMilliseconds(value),
            };
        }
        return total;
    }

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

    private static readonly (string Unit, long Milliseconds)[] Units = [("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1)];

    [GeneratedRegex(@"^(?:[0-9]{1,5}(?:ms|h|m|s)){1,4}\z")]
    private static partial Regex Syntax();

    [GeneratedRegex("([0-9]{1,5})(h|ms|m|s)")]
    private static partial Regex Component();
}
