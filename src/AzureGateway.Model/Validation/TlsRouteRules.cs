using System.Globalization;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Model.Validation;

/// <summary>
/// The Gateway API v1.6.1 standard-channel TLSRoute CRD's rules: <c>parentRefs</c> 32, <c>hostnames</c> 1024 (each a
/// hostname by the CRD's pattern and its CEL rule that no hostname is an IP address), one rule, 16 <c>backendRefs</c>
/// with the usual reference patterns, ports and weights. As for the other kinds, what the CRD requires to be present
/// (its <c>minItems: 1</c>) is not checked here: the translator reports a route without hostnames or rules.
/// </summary>
internal static class TlsRouteRules
{
    public static void TlsRoute(SchemaFindings check, TlsRouteSpec spec)
    {
        if (check.Items("spec.parentRefs", spec.ParentRefs, 32))
        {
            foreach (var (parent, i) in GatewayApiRules.Indexed(spec.ParentRefs))
            {
                var at = $"spec.parentRefs[{i}]";
                GatewayApiRules.Reference(check, at, parent.Group, parent.Kind, parent.Name, parent.Namespace);
                check.Matches($"{at}.sectionName", parent.SectionName, 253, SchemaPatterns.DnsSubdomain);
                check.Range($"{at}.port", parent.Port, 1, 65535);
            }
        }
        if (check.Items("spec.hostnames", spec.Hostnames, 1024))
        {
            foreach (var (hostname, i) in GatewayApiRules.Indexed(spec.Hostnames))
            {
                check.Matches($"spec.hostnames[{i}]", hostname, 253, SchemaPatterns.Hostname);
                check.Rule($"spec.hostnames[{i}]", !IsIpAddress(hostname),
                    () => $"is \"{hostname}\", an IP address, which the CRD does not allow (RFC 6066 has no IP addresses in SNI)");
            }
        }
        if (!check.Items("spec.rules", spec.Rules, 1) || spec.Rules is not [var rule])
        {
            return;
        }
        check.Matches("spec.rules[0].name", rule.Name, 253, SchemaPatterns.DnsSubdomain);
        if (check.Items("spec.rules[0].backendRefs", rule.BackendRefs, 16))
        {
            foreach (var (backend, j) in GatewayApiRules.Indexed(rule.BackendRefs))
            {
                var here = $"spec.rules[0].backendRefs[{j}]";
                GatewayApiRules.BackendReference(check, here, backend);
                check.Range($"{here}.weight", backend.Weight, 0, 1_000_000);
            }
        }
    }

    /// <summary>
    /// CEL's <c>isIP</c> on what the hostname pattern lets through: four dot-separated decimal numbers of at most 255
    /// (the pattern already refuses the colons of IPv6).
    /// </summary>
    private static bool IsIpAddress(string hostname)
    {
        var parts = hostname.Split('.');
        return parts.Length == 4 && parts.All(p =>
            p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }
}
