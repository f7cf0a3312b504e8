using System.Globalization;
using System.Text.RegularExpressions;

namespace AzureGateway.Translation.Routes;

/// <summary>
/// The Gateway API duration format (GEP-2257): one to four components of up to five digits and a unit (h, m, s,
/// ms), summed; <c>0s</c> is the zero duration. <see cref="IR.DurationText"/> prints them.
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

    [GeneratedRegex(@"^(?:[0-9]{1,5}(?:ms|h|m|s)){1,4}\z")]
    private static partial Regex Syntax();

    [GeneratedRegex("([0-9]{1,5})(h|ms|m|s)")]
    private static partial Regex Component();
}
