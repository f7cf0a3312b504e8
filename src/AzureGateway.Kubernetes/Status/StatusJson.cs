using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AzureGateway.Model;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Kubernetes.Status;

/// <summary>Our status shapes as the JSON the API server stores: camelCase, no nulls, RFC 3339 times in seconds.</summary>
internal static class StatusJson
{
    /// <summary>A status of one of the shapes <see cref="StatusJsonContext"/> lists (the translator makes no other).</summary>
    public static JsonObject ToNode(object status) =>
        JsonSerializer.SerializeToNode(status, StatusJsonContext.Default.GetTypeInfo(status.GetType())
            ?? throw new ArgumentException($"{status.GetType().Name} is not a status shape", nameof(status)))!.AsObject();

    /// <summary>metav1.Time: UTC, whole seconds, "Z".</summary>
    internal sealed class Rfc3339Converter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }
}

/// <summary>The status shapes' JSON metadata, generated at build time (no reflection at run time; trimming keeps it).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(StatusJson.Rfc3339Converter)])]
[JsonSerializable(typeof(ConditionsStatus))]
[JsonSerializable(typeof(GatewayClassStatus))]
[JsonSerializable(typeof(GatewayStatus))]
[JsonSerializable(typeof(RouteStatus))]
[JsonSerializable(typeof(PolicyStatus))]
internal sealed partial class StatusJsonContext : JsonSerializerContext;
