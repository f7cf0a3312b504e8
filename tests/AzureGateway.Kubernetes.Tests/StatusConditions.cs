using System.Text.Json.Nodes;

namespace AzureGateway.Kubernetes.Tests;

/// <summary>Reads conditions out of a status as the API server stores it.</summary>
public static class StatusConditions
{
    /// <summary>The conditions at <paramref name="path"/> below <paramref name="status"/> (a number steps into a list).</summary>
    public static IEnumerable<JsonObject> At(JsonNode? status, params string[] path)
    {
        var node = status;
        foreach (var step in path)
        {
            node = int.TryParse(step, out var index) ? node?[index] : node?[step];
        }
        return (node as JsonArray ?? []).OfType<JsonObject>();
    }

    public static void AssertTrue(IEnumerable<JsonObject> conditions, string type, string reason)
    {
        var condition = Assert.Single(conditions, c => c["type"]!.GetValue<string>() == type);
        Assert.Equal("True", condition["status"]!.GetValue<string>());
        Assert.Equal(reason, condition["reason"]!.GetValue<string>());
    }
}
