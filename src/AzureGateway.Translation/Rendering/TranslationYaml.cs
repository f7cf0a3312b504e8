using System.Globalization;
using AzureGateway.IR;
using AzureGateway.Translation.Status;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AzureGateway.Translation.Rendering;

/// <summary>
/// Renders statuses and the IR as YAML: what <c>azgw validate</c> prints and what golden files hold. Keys are
/// camelCase, empty values are left out, times are RFC 3339 in UTC, durations are Gateway API durations in their
/// standard form (<c>10s</c>, <c>1m30s</c>, <c>0s</c> for no limit), and PEM text never appears.
/// </summary>
public static class TranslationYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .WithTypeConverter(new TimestampConverter())
        .WithTypeConverter(new DurationConverter())
        .WithQuotingNecessaryStrings()
        .DisableAliases()
        // The IR carries keys; what is printed or kept in a golden file must never.
        .WithAttributeOverride<CertificateIr>(c => c.CertificatePem, new YamlIgnoreAttribute())
        .WithAttributeOverride<CertificateIr>(c => c.PrivateKeyPem!, new YamlIgnoreAttribute())
        .Build();

    /// <summary>Every resource's status as multi-document YAML, shaped like <c>kubectl get -o yaml</c>.</summary>
    public static string Statuses(TranslationResult result) =>
        string.Join("---\n", result.Statuses.Select(s => Serializer.Serialize(Document(s))));

    /// <summary>Statuses and IR together: the content of a golden <c>.out.yaml</c> file.</summary>
    public static string Golden(TranslationResult result) => Serializer.Serialize(new
    {
        statuses = result.Statuses.Select(Document).ToList(),
        ir = result.Ir,
    });

    /// <summary>The IR alone, for <c>azgw validate --show-config</c> style output.</summary>
    public static string Ir(GatewayIr ir) => Serializer.Serialize(ir);

    private static object Document(ResourceStatus status) => new
    {
        apiVersion = status.Resource.ApiVersion,
        kind = status.Resource.Kind,
        metadata = new { name = status.Resource.Name, @namespace = status.Resource.Namespace, generation = status.Resource.Generation },
        status = status.Status,
    };

    private sealed class TimestampConverter : IYamlTypeConverter
    {
        public bool Accepts(Type type) => type == typeof(DateTimeOffset) || type == typeof(DateTimeOffset?);

        public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer) =>
            throw new NotSupportedException("statuses are written, not read");

        public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer)
        {
            var text = ((DateTimeOffset)value!).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            emitter.Emit(new Scalar(text));
        }
    }

    private sealed class DurationConverter : IYamlTypeConverter
    {
        public bool Accepts(Type type) => type == typeof(TimeSpan) || type == typeof(TimeSpan?);

        public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer) =>
            throw new NotSupportedException("the IR is written, not read");

        public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
            emitter.Emit(new Scalar(DurationText.Format((TimeSpan)value!)));
    }
}
