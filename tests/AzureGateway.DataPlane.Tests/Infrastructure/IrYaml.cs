using System.Globalization;
using System.Text.RegularExpressions;
using AzureGateway.IR;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AzureGateway.DataPlane.Tests.Infrastructure;

/// <summary>
/// Reads a <see cref="GatewayIr"/> from YAML shaped as the translation renders it (camelCase keys), with durations
/// written as the Gateway API writes them ("15s", "250ms"). The golden cases of the compiled configuration are
/// written this way, so a case reads like the translation output it stands for.
/// </summary>
internal static partial class IrYaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithTypeConverter(new DurationConverter())
        .WithTypeConverter(new EquatableArrayConverter())
        .Build();

    public static GatewayIr Read(string yaml) => Deserializer.Deserialize<GatewayIr>(yaml);

    /// <summary>Gateway API durations: one or more number-unit pairs, units h, m, s, ms.</summary>
    private sealed partial class DurationConverter : IYamlTypeConverter
    {
        public bool Accepts(Type type) => type == typeof(TimeSpan) || type == typeof(TimeSpan?);

        public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
        {
            var text = parser.Consume<Scalar>().Value;
            var parts = Part().Matches(text);
            if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != text)
            {
                throw new YamlException($"'{text}' is not a duration such as 15s or 250ms");
            }
            return parts.Aggregate(TimeSpan.Zero, (total, part) =>
            {
                var number = double.Parse(part.Groups["number"].Value, CultureInfo.InvariantCulture);
                return total + part.Groups["unit"].Value switch
                {
                    "h" => TimeSpan.FromHours(number),
                    "m" => TimeSpan.FromMinutes(number),
                    "s" => TimeSpan.FromSeconds(number),
                    _ => TimeSpan.FromMilliseconds(number),
                };
            });
        }

        public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
            throw new NotSupportedException("IR cases are read, not written");

        [GeneratedRegex(@"(?<number>[0-9]+(?:\.[0-9]+)?)(?<unit>ms|h|m|s)")]
        private static partial Regex Part();
    }

    /// <summary>Reads an <see cref="EquatableArray{T}"/> as the YAML sequence it renders as.</summary>
    private sealed class EquatableArrayConverter : IYamlTypeConverter
    {
        public bool Accepts(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableArray<>);

        public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
        {
            var listType = typeof(List<>).MakeGenericType(type.GetGenericArguments()[0]);
            var list = rootDeserializer(listType);
            return type.GetMethod("op_Implicit", [listType])!.Invoke(null, [list]);
        }

        public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
            throw new NotSupportedException("IR cases are read, not written");
    }
}
