using System.Globalization;
using System.Text.RegularExpressions;

namespace AzureGateway.Cli.Tests;

/// <summary>One sample of a Prometheus text exposition: a metric name, its labels and its value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public bool Has(IEnumerable<KeyValuePair<string, string>> labels) =>
        labels.All(label => Labels.TryGetValue(label.Key, out var value) && value == label.Value);

    public override string ToString() =>
        $"{Name}{{{string.Join(",", Labels.Select(label => $"{label.Key}=\"{label.Value}\""))}}} {Value}";
}

/// <summary>Reads the samples of a scrape (text format 0.0.4); comments and blank lines are skipped.</summary>
public static partial class PrometheusText
{
    public static IReadOnlyList<PrometheusSample> Parse(string text) =>
        [.. text.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => SamplePattern().Match(line))
            .Where(match => match.Success)
            .Select(match => new PrometheusSample(
                match.Groups["name"].Value,
                LabelPattern().Matches(match.Groups["labels"].Value).ToDictionary(
                    label => label.Groups["key"].Value,
                    label => Regex.Unescape(label.Groups["value"].Value)),
                Number(match.Groups["value"].Value)))];

    private static double Number(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>.*)\})? (?<value>\S+)(?: \d+)?$")]
    private static partial Regex SamplePattern();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPattern();
}
