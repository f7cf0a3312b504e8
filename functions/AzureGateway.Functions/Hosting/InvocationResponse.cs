using System.Text.Json.Serialization;

namespace AzureGateway.Functions.Hosting;

/// <summary>
/// What the handler answers the Functions host: <c>Outputs</c> by output binding name (these functions have none),
/// <c>Logs</c> for the invocation log (Application Insights in Azure) and the <c>$return</c> binding's value.
/// A status other than 2xx fails the invocation, which is how a failed sync gets its retry.
/// </summary>
internal sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue)
{
    public static InvocationResponse Logged(IReadOnlyList<string> logs) => new(new Dictionary<string, object?>(), logs, null);
}
