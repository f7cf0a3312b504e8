using AzureGateway.Model.Alb;
using AzureGateway.Model.GatewayApi;

namespace AzureGateway.Model.Validation;

/// <summary>
/// The rules of our <c>alb.networking.azure.io/v1</c> CRDs (deploy/crds) for the fields the gateway reads; a test
/// checks that every <c>maxItems</c>, <c>maxLength</c>, enum and range those files declare is enforced here.
/// </summary>
internal static class AlbRules
{
    private const int Name = 253;
    private const int Namespace = 63;
    private const int Group = 253;
    private const int Kind = 63;

    private static readonly string[] AffinityTypes = ["application-cookie", "managed-cookie"];
    private static readonly string[] PolicyTypes = ["predefined"];
    private static readonly string[] PolicyNames = ["2023-06", "2023-06-S"];

    public static void BackendTlsPolicy(SchemaFindings check, AlbBackendTlsPolicySpec spec)
    {
        TargetRef(check, spec.TargetRef);
        foreach (var (config, at) in new[] { (spec.Default, "spec.default"), (spec.Override, "spec.override") })
        {
            if (config is null)
            {
                continue;
            }
            check.Length($"{at}.sni", config.Sni, 253);
            if (check.Items($"{at}.ports", config.Ports, 16))
            {
                foreach (var (port, i) in GatewayApiRules.Indexed(config.Ports))
                {
                    check.Range($"{at}.ports[{i}].port", port.Port, 1, 65535);
                }
            }
            Reference(check, $"{at}.clientCertificateRef", config.ClientCertificateRef);
            Reference(check, $"{at}.verify.caCertificateRef", config.Verify?.CaCertificateRef);
            check.Length($"{at}.verify.subjectAltName", config.Verify?.SubjectAltName, 253);
        }
    }

    public static void FrontendTlsPolicy(SchemaFindings check, FrontendTlsPolicySpec spec)
    {
        TargetRef(check, spec.TargetRef);
        foreach (var (config, at) in new[] { (spec.Default, "spec.default"), (spec.Override, "spec.override") })
        {
            if (config is null)
            {
                continue;
            }
            Reference(check, $"{at}.verify.caCertificateRef", config.Verify?.CaCertificateRef);
            if (check.Items($"{at}.verify.subjectAltNames", config.Verify?.SubjectAltNames, 16))
            {
                foreach (var (name, i) in GatewayApiRules.Indexed(config.Verify?.SubjectAltNames))
                {
                    check.Length($"{at}.verify.subjectAltNames[{i}]", name, 253);
                }
            }
            check.OneOf($"{at}.policyType.type", config.PolicyType?.Type, PolicyTypes);
            check.OneOf($"{at}.policyType.name", config.PolicyType?.Name, PolicyNames);
        }
    }

    public static void RoutePolicy(SchemaFindings check, RoutePolicySpec spec)
    {
        TargetRef(check, spec.TargetRef);
        foreach (var (config, at) in new[] { (spec.Default, "spec.default"), (spec.Override, "spec.override") })
        {
            if (config is null)
            {
                continue;
            }
            check.Length($"{at}.timeouts.routeTimeout", config.Timeouts?.RouteTimeout, 64);
            check.OneOf($"{at}.sessionAffinity.affinityType", config.SessionAffinity?.AffinityType, AffinityTypes);
            check.Length($"{at}.sessionAffinity.cookieName", config.SessionAffinity?.CookieName, 256);
            check.Length($"{at}.sessionAffinity.cookieDuration", config.SessionAffinity?.CookieDuration, 64);
        }
    }

    public static void HealthCheckPolicy(SchemaFindings check, HealthCheckPolicySpec spec)
    {
        TargetRef(check, spec.TargetRef);
        foreach (var (config, at) in new[] { (spec.Default, "spec.default"), (spec.Override, "spec.override") })
        {
            if (config is null)
            {
                continue;
            }
            check.Length($"{at}.interval", config.Interval, 64);
            check.Length($"{at}.timeout", config.Timeout, 64);
            check.Range($"{at}.healthyThreshold", config.HealthyThreshold, 1, int.MaxValue);
            check.Range($"{at}.unhealthyThreshold", config.UnhealthyThreshold, 1, int.MaxValue);
            check.Range($"{at}.port", config.Port, 1, 65535);
            check.Length($"{at}.http.host", config.Http?.Host, 253);
            check.Length($"{at}.http.path", config.Http?.Path, 1024);
            check.Length($"{at}.http.match.body", config.Http?.Match?.Body, 4096);
            check.Items($"{at}.http.match.statusCodes", config.Http?.Match?.StatusCodes, 16);
            check.Length($"{at}.grpc.authority", config.Grpc?.Authority, 253);
            check.Length($"{at}.grpc.service", config.Grpc?.Service, 253);
        }
    }

    private static void TargetRef(SchemaFindings check, AlbTargetReference target)
    {
        check.Length("spec.targetRef.group", target.Group, Group);
        check.Length("spec.targetRef.kind", target.Kind, Kind);
        check.Length("spec.targetRef.name", target.Name, Name);
        check.Length("spec.targetRef.namespace", target.Namespace, Namespace);
        if (check.Items("spec.targetRef.sectionNames", target.SectionNames, 16))
        {
            foreach (var (name, i) in GatewayApiRules.Indexed(target.SectionNames))
            {
                check.Length($"spec.targetRef.sectionNames[{i}]", name, Name);
            }
        }
    }

    private static void Reference(SchemaFindings check, string at, SecretObjectReference? reference)
    {
        check.Length($"{at}.group", reference?.Group, Group);
        check.Length($"{at}.kind", reference?.Kind, Kind);
        check.Length($"{at}.name", reference?.Name, Name);
        check.Length($"{at}.namespace", reference?.Namespace, Namespace);
    }
}
