using System.Net;

namespace AzureGateway.Translation.Gateways;

/// <summary>
/// The Gateway API <c>Hostname</c> type beyond its CRD pattern (checked when the object was read): the spec says
/// a hostname is never an IP address, and the pattern lets an IPv4 address through.
/// </summary>
public static class HostnameSyntax
{
    public static bool IsIpAddress(string hostname) => IPAddress.TryParse(hostname, out _);

    /// <summary>True for <c>*.suffix</c> patterns.</summary>
    public static bool IsWildcard(string hostname) => hostname.StartsWith("*.", StringComparison.Ordinal);
}
