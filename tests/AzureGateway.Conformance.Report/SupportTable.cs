using System.Text;

namespace AzureGateway.Conformance.Report;

/// <summary>
/// The README's "Gateway API support" table: every feature of the HTTP profile, Core first, and whether this
/// gateway claims it; then the features the GRPC and TLS profiles add. It is written between two marker comments, so the
/// rest of the README is left as it is.
/// </summary>
public static class SupportTable
{
    public const string Begin = "<!-- conformance:begin -->";
    public const string End = "<!-- conformance:end -->";

    public static string Markdown(IReadOnlyList<string> claimed)
    {
        var claimedSet = claimed.ToHashSet(StringComparer.Ordinal);
        var table = new StringBuilder()
            .Append($"Gateway API {HttpProfile.GatewayApiVersion}, profile {HttpProfile.Name}; the conformance suite ")
            .Append("(tests/AzureGateway.Conformance.Tests) checks every Core feature and every supported Extended one.\n\n")
            .Append("| Feature | Level | Supported |\n|---|---|---|\n");
        foreach (var feature in HttpProfile.CoreFeatures)
        {
            table.Append($"| {feature} | Core | {(claimedSet.Contains(feature) ? "yes" : "no")} |\n");
        }
        foreach (var feature in HttpProfile.ExtendedFeatures)
        {
            table.Append($"| {feature} | Extended | {(claimedSet.Contains(feature) ? "yes" : "no")} |\n");
        }
        AddedProfile(table, claimedSet, GrpcProfile.Name, GrpcProfile.CoreFeatures, GrpcProfile.ExtendedFeatures);
        AddedProfile(table, claimedSet, TlsProfile.Name, TlsProfile.CoreFeatures, TlsProfile.ExtendedFeatures);
        return table.ToString();
    }

    private static void AddedProfile(StringBuilder table, HashSet<string> claimed, string name, IReadOnlyList<string> core, IReadOnlyList<string> extended)
    {
        table.Append($"\nProfile {name}, the features it adds to the table above:\n\n")
            .Append("| Feature | Level | Supported |\n|---|---|---|\n");
        foreach (var feature in core)
        {
            table.Append($"| {feature} | Core | {(claimed.Contains(feature) ? "yes" : "no")} |\n");
        }
        foreach (var feature in extended)
        {
            table.Append($"| {feature} | Extended | {(claimed.Contains(feature) ? "yes" : "no")} |\n");
        }
    }

    /// <summary>
    /// <paramref name="readme"/> with the text between the markers replaced by the table, or null when the markers
    /// are missing or out of order.
    /// </summary>
    public static string? Replace(string readme, IReadOnlyList<string> claimed)
    {
        var begin = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            return null;
        }
        var start = begin + Begin.Length;
        return readme[..start] + "\n" + Markdown(claimed) + readme[end..];
    }

    /// <summary>The text between the markers, or null when they are missing.</summary>
    public static string? Current(string readme)
    {
        var begin = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        return begin < 0 || end < begin ? null : readme[(begin + Begin.Length)..end].TrimStart('\n');
    }
}
