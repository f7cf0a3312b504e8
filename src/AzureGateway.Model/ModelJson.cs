using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using AzureGateway.Model.Alb;
using AzureGateway.Model.EnvoyGateway;
using AzureGateway.Model.GatewayApi;
using k8s;
using k8s.Models;

namespace AzureGateway.Model;

/// <summary>
/// How every kind the gateway reads is read from JSON, from a folder and from a cluster alike: the Kubernetes client's
/// own settings (camelCase, its date and duration converters), with metadata generated at build time instead of
/// found by reflection at run time. Reflection cost about 200 ms of every start (the first object of each type) and
/// would not survive trimming.
/// </summary>
public static class ModelJson
{
    /// <summary>Our kinds' generated metadata first, then the Kubernetes client's for its built-in kinds.</summary>
    public static JsonSerializerOptions Options { get; } = new(ModelJsonContext.Default.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ModelJsonContext.Default, SourceGenerationContext.Default),
    };

    /// <summary>Reads <paramref name="json"/> as a <typeparamref name="T"/>; a value the type does not allow throws <see cref="JsonException"/>.</summary>
    public static T Deserialize<T>(string json) where T : class =>
        JsonSerializer.Deserialize(json, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T))) ?? throw new JsonException("the document is null");
}

/// <summary>The build-time JSON metadata of the kinds this project defines (see <see cref="ModelJson"/>).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    Converters = [typeof(KubernetesJson.Iso8601TimeSpanConverter), typeof(KubernetesJson.KubernetesDateTimeConverter),
        typeof(KubernetesJson.KubernetesDateTimeOffsetConverter)])]
[JsonSerializable(typeof(GatewayClass))]
[JsonSerializable(typeof(Gateway))]
[JsonSerializable(typeof(HttpRoute))]
[JsonSerializable(typeof(GrpcRoute))]
[JsonSerializable(typeof(TlsRoute))]
[JsonSerializable(typeof(ReferenceGrant))]
[JsonSerializable(typeof(BackendTlsPolicy))]
[JsonSerializable(typeof(AlbBackendTlsPolicy))]
[JsonSerializable(typeof(RoutePolicy))]
[JsonSerializable(typeof(FrontendTlsPolicy))]
[JsonSerializable(typeof(HealthCheckPolicy))]
[JsonSerializable(typeof(EnvoyProxy))]
[JsonSerializable(typeof(Backend))]
[JsonSerializable(typeof(ClientTrafficPolicy))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
