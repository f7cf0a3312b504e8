namespace AzureGateway.Conformance.Tests.Harness;

/// <summary>YAML pieces the scenarios share, so each scenario's manifests show only what it is about.</summary>
public static class Manifest
{
    /// <summary>A Gateway of the conformance class with one HTTP listener <c>http</c> on port 80, routes from its own namespace.</summary>
    public static string HttpGateway(string name, string @namespace = Scenario.Infra) => $$"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: {{name}}, namespace: {{@namespace}}}
        spec:
          gatewayClassName: {{Scenario.GatewayClass}}
          listeners:
          - {name: http, port: 80, protocol: HTTP}

        """;

    /// <summary>An HTTPS listener entry terminating TLS with the shared frontend certificate.</summary>
    public static string HttpsListener(string name, int port = 443, string? hostname = null) =>
        $"  - {{name: {name}, port: {port}, protocol: HTTPS{(hostname is null ? "" : $", hostname: \"{hostname}\"")}, " +
        $"tls: {{mode: Terminate, certificateRefs: [{{name: {Scenario.FrontendSecret}, namespace: {Scenario.Infra}}}]}}}}\n";

    /// <summary>
    /// A BackendTLSPolicy verifying <paramref name="backend"/> by the shared backend CA and <paramref name="hostname"/>
    /// (the SNI), and by <paramref name="subjectAltName"/> instead of the hostname when given.
    /// </summary>
    public static string BackendTlsPolicy(Backend backend, string hostname, string? subjectAltName) => $$"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: BackendTLSPolicy
        metadata: {name: {{backend.Name}}, namespace: {{backend.Namespace}}}
        spec:
          targetRefs: [{group: "", kind: Service, name: {{backend.Name}}}]
          validation:
            caCertificateRefs: [{group: "", kind: ConfigMap, name: {{Scenario.BackendCaConfigMap}}}]
            hostname: {{hostname}}
        {{(subjectAltName is null ? "" : $"    subjectAltNames: [{{type: Hostname, hostname: {subjectAltName}}}]")}}

        """;

    /// <summary>Several documents as one multi-document file.</summary>
    public static string Join(params string[] documents) => string.Join("---\n", documents);
}
