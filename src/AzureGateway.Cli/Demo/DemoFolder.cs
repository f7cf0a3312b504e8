using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;

namespace AzureGateway.Cli.Demo;

/// <summary>
/// The folder <c>azgw demo</c> serves: the AGC-style backend mTLS scenario of <c>examples/</c> pointed at the local
/// echo backend, a FrontendTLSPolicy that adds frontend mTLS to its HTTPS listener, the Secrets both reference, and
/// for curl the demo CA and the demo client's certificate and key. It belongs to the user afterwards.
/// </summary>
public static class DemoFolder
{
    public const string Namespace = "test-infra";
    public const string ManifestFile = ExampleManifests.Agc;
    public const string FrontendPolicyFile = "frontend-mtls.yaml";
    public const string SecretsFile = "secrets.yaml";
    public const string CaFile = "ca.crt";
    public const string ClientCertificateFile = "demo-client.crt";
    public const string ClientKeyFile = "demo-client.key";

    /// <summary>
    /// The frontend half of end-to-end mTLS, kept beside the unchanged example rather than in it: the backend example
    /// stays what its name says, and <c>examples/agc-frontend-mtls.yaml</c> shows the same policy on its own.
    /// </summary>
    private const string FrontendPolicy = """
        # Frontend mTLS for the demo: the HTTPS listener of agc-backend-mtls.yaml admits only clients whose
        # certificate a CA in the Secret client-ca.bundle issued; the others are refused during the TLS handshake.
        # examples/agc-frontend-mtls.yaml shows the same policy in a scenario of its own.
        apiVersion: alb.networking.azure.io/v1
        kind: FrontendTLSPolicy
        metadata:
          name: https-listener-mtls
          namespace: test-infra
        spec:
          targetRef:
            group: gateway.networking.k8s.io
            kind: Gateway
            name: gateway-01
            namespace: test-infra
            sectionNames:
            - https-listener
          default:
            verify:
              caCertificateRef:
                name: client-ca.bundle
                group: ""
                kind: Secret

        """;

    /// <summary>
    /// Writes the folder into a new temporary directory, readable by its owner only (it holds private keys), and
    /// returns its path.
    /// </summary>
    public static string Create(
        X509Certificate2 authority, X509Certificate2 frontend, X509Certificate2 gatewayClient, X509Certificate2 demoClient, int backendPort)
    {
        var directory = Directory.CreateTempSubdirectory("azgw-demo-").FullName;
        File.WriteAllText(
            Path.Combine(directory, ManifestFile),
            ExampleManifests.WithBackendPort(ExampleManifests.Read(ExampleManifests.Agc), backendPort));
        File.WriteAllText(Path.Combine(directory, FrontendPolicyFile), FrontendPolicy);
        File.WriteAllText(Path.Combine(directory, SecretsFile), Secrets(authority, frontend, gatewayClient));
        File.WriteAllText(Path.Combine(directory, CaFile), PemExport.Certificate(authority));
        File.WriteAllText(Path.Combine(directory, ClientCertificateFile), PemExport.Certificate(demoClient));
        File.WriteAllText(Path.Combine(directory, ClientKeyFile), PemExport.PrivateKey(demoClient));
        return directory;
    }

    /// <summary>
    /// The Secrets the scenario references: listener certificate, gateway client certificate, backend CA, and the CA
    /// the listener trusts for client certificates (the same demo CA, in its own Secret so either can be changed alone).
    /// </summary>
    public static string Secrets(X509Certificate2 authority, X509Certificate2 frontend, X509Certificate2 gatewayClient) =>
        KubernetesManifests.Join(
            KubernetesManifests.TlsSecret(Namespace, "frontend.com", frontend),
            KubernetesManifests.TlsSecret(Namespace, "gateway-client-cert", gatewayClient),
            KubernetesManifests.CaSecret(Namespace, "ca.bundle", authority),
            KubernetesManifests.CaSecret(Namespace, "client-ca.bundle", authority));
}
