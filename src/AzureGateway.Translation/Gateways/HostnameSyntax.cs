using System.Net;
using System.Text.RegularExpressions;

namespace AzureGateway.Translation.Gateways;

/// <summary>
/// The Gateway API <c>Hostname</c> type: a lower-case DNS name, optionally with a single leading <c>*.</c>
/// label, and never an IP address. A folder has no admission webhook, so the translator checks what the API
/// server's schema would have refused.
/// </summary>
public static partial class HostnameSyntax
{
    public static bool IsValid(string hostname) =>
        hostname.Length <= 253 && DnsName().IsMatch(hostname) && !IPAddress.TryParse(hostname, out _);

    /// <summary>
    /// The Gateway API <c>PreciseHostname</c> type (redirect and rewrite hostnames): a lower-case DNS name without
    /// wildcard; unlike <c>Hostname</c>, the schema lets an IPv4 address through.
    /// </summary>
    public static bool IsPrecise(string hostname) =>
        hostname.Length <= 253 && !IsWildcard(hostname) && DnsName().IsMatch(hostname);

    /// <summary>True for <c>*.suffix</c> patterns.</summary>
    public static bool IsWildcard(string hostname) => hostname.StartsWith("*.", StringComparison.Ordinal);

    [GeneratedRegex(@"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z")]
    private static partial Regex DnsName();
}
