using System.Text.Json;
using System.Text.Json.Serialization;

namespace AzureGateway.Functions.Hosting;

/// <summary>
/// What the Functions host POSTs to <c>/{FunctionName}</c> for a trigger other than HTTP: <c>Data</c> holds the trigger
/// and input bindings by their function.json names, <c>Metadata</c> what the trigger adds (and <c>sys</c>).
/// </summary>
internal sealed record InvocationRequest(
    [property: JsonPropertyName("Data")] IReadOnlyDictionary<string, JsonElement>? Data,
    [property: JsonPropertyName("Metadata")] IReadOnlyDictionary<string, JsonElement>? Metadata);
