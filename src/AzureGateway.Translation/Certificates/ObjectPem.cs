using System.Text;
using k8s.Models;

namespace AzureGateway.Translation.Certificates;

/// <summary>The text under each key of a Secret or ConfigMap, where PEM certificates and keys live.</summary>
internal static class ObjectPem
{
    public static IReadOnlyDictionary<string, string> Of(V1Secret secret) =>
        (secret.Data ?? new Dictionary<string, byte[]>()).ToDictionary(
            kv => kv.Key, kv => Encoding.UTF8.GetString(kv.Value ?? []), StringComparer.Ordinal);

    /// <summary><c>data</c> and <c>binaryData</c> together: the API server keeps their keys disjoint.</summary>
    public static IReadOnlyDictionary<string, string> Of(V1ConfigMap configMap)
    {
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
        {
            text[key] = value ?? "";
        }
        foreach (var (key, value) in configMap.BinaryData ?? new Dictionary<string, byte[]>())
        {
            text.TryAdd(key, Encoding.UTF8.GetString(value ?? []));
        }
        return text;
    }
}
