using System.Text.Json.Nodes;

namespace AzureGateway.Infra.Tests;

/// <summary>
/// The workbook's charts and the alert rules are KQL that only Azure runs: a typo there is an empty chart or an alert
/// that never fires, found by nobody. Each query, as the compiled template will hand it to Azure, is parsed and
/// bound to Application Insights' customMetrics table by Microsoft's Kusto language service.
/// </summary>
[Collection(CompiledBicepCollection.Name)]
public sealed class KqlTests(CompiledBicep bicep)
{
    /// <summary>customMetrics as Application Insights documents it (classic schema, the one its queries use).</summary>
    private static readonly Dictionary<string, string> Tables = new()
    {
        ["customMetrics"] = "(timestamp:datetime, name:string, value:real, valueCount:int, valueSum:real, valueMin:real, valueMax:real, "
            + "valueStdDev:real, customDimensions:dynamic, customMeasurements:dynamic, operation_Name:string, operation_Id:string, "
            + "operation_ParentId:string, operation_SyntheticSource:string, session_Id:string, user_Id:string, user_AuthenticatedId:string, "
            + "user_AccountId:string, application_Version:string, client_Type:string, client_Model:string, client_OS:string, client_IP:string, "
            + "client_City:string, client_StateOrProvince:string, client_CountryOrRegion:string, client_Browser:string, cloud_RoleName:string, "
            + "cloud_RoleInstance:string, appId:string, appName:string, iKey:string, sdkVersion:string, itemId:string, itemType:string, itemCount:int)",
    };

    [Fact]
    public async Task Every_workbook_and_alert_query_is_valid_kql_over_customMetrics()
    {
        var queries = Queries("bicep/workbook.bicep").Concat(Queries("bicep/alerts.bicep")).ToList();

        var errors = await KustoLanguageService.ErrorsAsync(Tables, queries);

        Assert.Equal(10, queries.Count);
        Assert.All(queries.Zip(errors), pair => Assert.True(pair.Second.Count == 0, $"{pair.First}\n{string.Join('\n', pair.Second)}"));
    }

    [Fact]
    public async Task A_wrong_column_and_a_broken_pipe_are_errors()
    {
        var errors = await KustoLanguageService.ErrorsAsync(Tables, [
            "customMetrics | where name == \"a\" | summarize sum(valueSum) by bin(timestamp, 5m)",
            "customMetrics | where nam == \"a\"",
            "customMetrics | summarize by | where",
        ]);

        Assert.Empty(errors[0]);
        Assert.Contains(errors[1], error => error.Contains("'nam'", StringComparison.Ordinal));
        Assert.NotEmpty(errors[2]);
    }

    [Fact]
    public void The_queries_name_the_instruments_of_metrics_bicep()
    {
        var table = (JsonObject)bicep.Template("bicep/metrics.bicep")["variables"]!["gatewayMetrics"]!;
        var queries = Queries("bicep/workbook.bicep").Concat(Queries("bicep/alerts.bicep")).ToList();

        Assert.All(table.Select(instrument => instrument.Value!["name"]!.GetValue<string>()), name =>
            Assert.Contains(queries, query => query.Contains($"name == \"{name}\"", StringComparison.Ordinal)));
        Assert.All(queries, query => Assert.DoesNotMatch(@"\{\d\}", query));
    }

    /// <summary>The KQL strings of a compiled template: its <c>format('customMetrics ...', ...)</c> expressions, evaluated.</summary>
    private List<string> Queries(string source)
    {
        var template = bicep.Template(source);
        return Strings(template).SelectMany(text => ArmExpression.Formats(text, "customMetrics", template)).ToList();
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(pair => Strings(pair.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };
}
