using AzureGateway.Model.EnvoyGateway;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Model.Validation;

/// <summary>
/// The rules of our <c>gateway.envoyproxy.io/v1alpha1</c> CRDs (deploy/crds) for the fields the gateway reads; a
/// test checks that every <c>maxItems</c>, <c>maxLength</c>, enum and range those files declare is enforced here.
/// </summary>
internal static class EnvoyGatewayRules
{
    private const int Name = 253;
    private const int Namespace = 63;
    private const int Group = 253;
    private const int Kind = 63;

    private static readonly string[] TlsVersions = ["Auto", "1.0", "1.1", "1.2", "1.3"];
    private static readonly string[] WellKnownCaCertificates = ["System"];
    private static readonly string[] ForwardClientCertModes = ["Sanitize", "ForwardOnly", "AppendForward", "SanitizeSet", "AlwaysForwardOnly"];
    private static readonly string[] CertDetails = ["Subject", "Cert", "Chain", "DNS", "URI"];

    public static void Backend(SchemaFindings check, BackendSpec spec)
    {
        if (check.Items("spec.endpoints", spec.Endpoints, 64))
        {
            foreach (var (endpoint, i) in GatewayApiRules.Indexed(spec.Endpoints))
            {
                check.Length($"spec.endpoints[{i}].fqdn.hostname", endpoint.Fqdn?.Hostname, 253);
                check.Range($"spec.endpoints[{i}].fqdn.port", endpoint.Fqdn?.Port, 0, 65535);
                check.Length($"spec.endpoints[{i}].ip.address", endpoint.Ip?.Address, 45);
                check.Range($"spec.endpoints[{i}].ip.port", endpoint.Ip?.Port, 0, 65535);
            }
        }
        if (spec.Tls is not { } tls)
        {
            return;
        }
        if (check.Items("spec.tls.caCertificateRefs", tls.CaCertificateRefs, 8))
        {
            foreach (var (reference, i) in GatewayApiRules.Indexed(tls.CaCertificateRefs))
            {
                check.Length($"spec.tls.caCertificateRefs[{i}].group", reference.Group, Group);
                check.Length($"spec.tls.caCertificateRefs[{i}].kind", reference.Kind, Kind);
                check.Length($"spec.tls.caCertificateRefs[{i}].name", reference.Name, Name);
            }
        }
        check.OneOf("spec.tls.wellKnownCACertificates", tls.WellKnownCACertificates, WellKnownCaCertificates);
        check.Length("spec.tls.sni", tls.Sni, 253);
        Reference(check, "spec.tls.clientCertificateRef", tls.ClientCertificateRef);
        check.OneOf("spec.tls.minVersion", tls.MinVersion, TlsVersions);
        check.OneOf("spec.tls.maxVersion", tls.MaxVersion, TlsVersions);
        // spec.tls.alpnProtocols has no limit to check: Envoy Gateway's CRD declares none (no enum, no maxItems), and
        // the lists the gateway cannot honour are reported in the Backend's status by the translator.
    }

    public static void EnvoyProxy(SchemaFindings check, EnvoyProxySpec spec)
    {
        Reference(check, "spec.backendTLS.clientCertificateRef", spec.BackendTLS?.ClientCertificateRef);
        check.OneOf("spec.backendTLS.minVersion", spec.BackendTLS?.MinVersion, TlsVersions);
        check.OneOf("spec.backendTLS.maxVersion", spec.BackendTLS?.MaxVersion, TlsVersions);
    }

    public static void ClientTrafficPolicy(SchemaFindings check, ClientTrafficPolicySpec spec)
    {
        if (spec.TargetRef is { } target)
        {
            TargetRef(check, "spec.targetRef", target);
        }
        foreach (var (reference, i) in GatewayApiRules.Indexed(spec.TargetRefs))
        {
            TargetRef(check, $"spec.targetRefs[{i}]", reference);
        }
        if (spec.Tls is { } tls)
        {
            check.Length("spec.tls.clientValidation.mode", tls.ClientValidation?.Mode, 64);
            if (check.Items("spec.tls.clientValidation.caCertificateRefs", tls.ClientValidation?.CaCertificateRefs, 8))
            {
                foreach (var (reference, i) in GatewayApiRules.Indexed(tls.ClientValidation?.CaCertificateRefs))
                {
                    Reference(check, $"spec.tls.clientValidation.caCertificateRefs[{i}]", reference);
                }
            }
            check.OneOf("spec.tls.minVersion", tls.MinVersion, TlsVersions);
            check.OneOf("spec.tls.maxVersion", tls.MaxVersion, TlsVersions);
        }
        if (spec.Headers?.XForwardedClientCert is { } forward)
        {
            check.OneOf("spec.headers.xForwardedClientCert.mode", forward.Mode, ForwardClientCertModes);
            if (check.Items("spec.headers.xForwardedClientCert.certDetailsToAdd", forward.CertDetailsToAdd, 5))
            {
                foreach (var (detail, i) in GatewayApiRules.Indexed(forward.CertDetailsToAdd))
                {
                    check.OneOf($"spec.headers.xForwardedClientCert.certDetailsToAdd[{i}]", detail, CertDetails);
                }
            }
        }
    }

    private static void TargetRef(SchemaFindings check, string at, PolicyTargetReference target)
    {
        check.Length($"{at}.group", target.Group, Group);
        check.Length($"{at}.kind", target.Kind, Kind);
        check.Length($"{at}.name", target.Name, Name);
        check.Length($"{at}.sectionName", target.SectionName, Name);
    }

    private static void Reference(SchemaFindings check, string at, SecretObjectReference? reference)
    {
        check.Length($"{at}.group", reference?.Group, Group);
        check.Length($"{at}.kind", reference?.Kind, Kind);
        check.Length($"{at}.name", reference?.Name, Name);
        check.Length($"{at}.namespace", reference?.Namespace, Namespace);
    }
}
