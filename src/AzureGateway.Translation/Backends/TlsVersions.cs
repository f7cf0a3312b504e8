using System.Diagnostics;
using AzureGateway.Certificates;
using AzureGateway.IR;

namespace AzureGateway.Translation.Backends;

/// <summary>A TLS version bound as a resource wrote it (<c>Auto</c>, <c>1.2</c>, <c>1.3</c>...) and who wrote it.</summary>
internal sealed record VersionSetting(string Value, string Source);

/// <summary>
/// Decides the TLS versions to a backend. Unset and <c>Auto</c> mean 1.2 to 1.3; 1.0 and 1.1 are refused
/// with a message, because TLS 1.2 is the floor whatever a resource asks for.
/// </summary>
internal static class TlsVersions
{
    public const TlsVersion DefaultMin = TlsVersion.Tls12;
    public const TlsVersion DefaultMax = TlsVersion.Tls13;

    /// <summary>The range from two optional bounds, or why it cannot be honoured.</summary>
    public static Result<(TlsVersion Min, TlsVersion Max)> Decide(VersionSetting? min, VersionSetting? max)
    {
        var lower = Parse(min, "minVersion");
        var upper = Parse(max, "maxVersion");
        if (lower.Error is not null || upper.Error is not null)
        {
            return Result<(TlsVersion, TlsVersion)>.Fail(string.Join("; ", new[] { lower.Error, upper.Error }.OfType<string>()));
        }
        var range = (Min: lower.Value ?? DefaultMin, Max: upper.Value ?? DefaultMax);
        return range.Min > range.Max
            ? Result<(TlsVersion, TlsVersion)>.Fail(
                $"minVersion {Show(range.Min)} ({min?.Source ?? "default"}) is above maxVersion {Show(range.Max)} ({max?.Source ?? "default"})")
            : Result<(TlsVersion, TlsVersion)>.Ok(range);
    }

    private static Result<TlsVersion?> Parse(VersionSetting? setting, string field) => setting?.Value switch
    {
        null or "Auto" => Result<TlsVersion?>.Ok(null),
        "1.2" => Result<TlsVersion?>.Ok(TlsVersion.Tls12),
        "1.3" => Result<TlsVersion?>.Ok(TlsVersion.Tls13),
        "1.0" or "1.1" => Result<TlsVersion?>.Fail($"{setting.Source} {field} {setting.Value} is not supported: TLS 1.2 is the minimum"),
        _ => throw new UnreachableException($"{setting.Source} {field} \"{setting.Value}\" passed the CRD's enum check"),
    };

    private static string Show(TlsVersion version) => version == TlsVersion.Tls12 ? "1.2" : "1.3";
}
