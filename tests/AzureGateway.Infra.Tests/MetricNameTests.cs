using System.Text.Json.Nodes;

namespace AzureGateway.Infra.Tests;

/// <summary>
/// The workbook and the alerts read the instruments and attributes <c>bicep/metrics.bicep</c> names; a name the code
/// does not record would leave a chart empty and an alert silent in the portal, with nothing failing anywhere else.
/// </summary>
[Collection(CompiledBicepCollection.Name)]
public sealed class MetricNameTests(CompiledBicep bicep)
{
    // Recorded by ASP.NET Core's hosting meter, not by our code: the request duration and its status tag.
    private static readonly string[] AspNetCoreNames = ["http.server.request.duration", "http.response.status_code"];

    [Fact]
    public void Every_name_the_workbook_and_alerts_read_is_recorded_by_the_gateway_or_the_functions_app()
    {
        var names = NamesRead();
        var code = CodeLiterals();

        Assert.NotEmpty(names);
        Assert.All(names.Except(AspNetCoreNames), name =>
            Assert.True(code.Contains($"\"{name}\""), $"bicep/metrics.bicep reads \"{name}\", which no C# file of src/ or functions/ records"));
    }

    [Fact]
    public void The_workbook_and_the_alerts_import_the_names_rather_than_spell_them()
    {
        foreach (var source in new[] { "bicep/workbook.bicep", "bicep/alerts.bicep" })
        {
            var text = File.ReadAllText(RepositoryFiles.File(source));
            Assert.All(NamesRead().Where(name => name.StartsWith("azuregateway.", StringComparison.Ordinal)), name =>
                Assert.DoesNotContain(name, text, StringComparison.Ordinal));
        }
    }

    /// <summary>Every string of the exported <c>gatewayMetrics</c> table: instrument names, attributes and role names.</summary>
    private List<string> NamesRead()
    {
        var table = bicep.Template("bicep/metrics.bicep")["variables"]?["gatewayMetrics"] as JsonObject
            ?? throw new InvalidOperationException("bicep/metrics.bicep exports no gatewayMetrics");
        return table.Select(instrument => instrument.Value).OfType<JsonObject>()
            .SelectMany(instrument => instrument.Select(field => field.Value?.GetValue<string>()))
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
    }

    private static string CodeLiterals() =>
        string.Join('\n', new[] { "src", "functions" }
            .SelectMany(folder => Directory.EnumerateFiles(RepositoryFiles.File(folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !RepositoryFiles.Relative(path).Split('/').Any(part => part is "bin" or "obj"))
            .Select(File.ReadAllText));
}
