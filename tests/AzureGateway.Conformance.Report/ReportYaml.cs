using System.Globalization;
using System.Text;

namespace AzureGateway.Conformance.Report;

/// <summary>
/// Writes a <see cref="ConformanceReport"/> in the YAML layout Gateway API implementations publish: keys sorted as
/// the Gateway API's own report writer sorts them, plain scalars quoted only where YAML would misread them.
/// </summary>
public static class ReportYaml
{
    public static string Write(ConformanceReport report)
    {
        var yaml = new StringBuilder()
            .Append("apiVersion: gateway.networking.k8s.io/v1\n")
            .Append($"date: \"{report.Date.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}\"\n")
            .Append($"gatewayAPIChannel: {HttpProfile.Channel}\n")
            .Append($"gatewayAPIVersion: {HttpProfile.GatewayApiVersion}\n")
            .Append("implementation:\n  contact:\n");
        foreach (var contact in report.Implementation.Contact)
        {
            yaml.Append($"  - {contact}\n");
        }
        yaml.Append($"  organization: {report.Implementation.Organization}\n")
            .Append($"  project: {report.Implementation.Project}\n")
            .Append($"  url: {report.Implementation.Url}\n")
            .Append($"  version: {Quoted(report.Implementation.Version)}\n")
            .Append("kind: ConformanceReport\n")
            .Append("mode: default\n")
            .Append("profiles:\n- core:\n");
        Part(yaml, report.Core, "    ");
        yaml.Append("  extended:\n");
        Part(yaml, report.Extended, "    ");
        List(yaml, "    ", "supportedFeatures", report.SupportedFeatures);
        List(yaml, "    ", "unsupportedFeatures", report.UnsupportedFeatures);
        yaml.Append($"  name: {HttpProfile.Name}\n")
            .Append($"  summary: {report.Summary}\n");
        return yaml.ToString();
    }

    private static void Part(StringBuilder yaml, PartResult part, string indent)
    {
        List(yaml, indent, "failedTests", part.FailedTests);
        yaml.Append($"{indent}result: {part.Result}\n");
        List(yaml, indent, "skippedTests", part.SkippedTests);
        yaml.Append($"{indent}statistics:\n")
            .Append($"{indent}  Failed: {part.Failed}\n")
            .Append($"{indent}  Passed: {part.Passed}\n")
            .Append($"{indent}  Skipped: {part.Skipped}\n");
    }

    private static void List(StringBuilder yaml, string indent, string key, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }
        yaml.Append($"{indent}{key}:\n");
        foreach (var item in items)
        {
            yaml.Append($"{indent}- {item}\n");
        }
    }

    /// <summary>A version such as 1.0 would read as a number; quoting keeps it a string.</summary>
    private static string Quoted(string text) => $"\"{text}\"";
}
