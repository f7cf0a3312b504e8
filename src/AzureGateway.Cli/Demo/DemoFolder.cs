using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;

namespace AzureGateway.Cli.Demo;

/// <summary>
/// The folder <c>azgw demo</c> serves: the AGC-style scenario of <c>examples/</c> pointed at the local echo
/// backend, the three Secrets it references, and the demo CA for curl. It belongs to the user afterwards.
/// </summary>
public static class DemoFolder
{
    public const string Namespace = "test-infra";
    public const string ManifestFile = ExampleManifests.Agc;
    public const string SecretsFile = "secrets.yaml";
    public const string CaFile = "ca.crt";

    /// <summary>Writes the folder into a new private temporary directory and returns its path.</summary>
    public static string Create(X509Certificate2 authority, X509Certificate2 frontend, X509Certificate2 gatewayClient, int backendPort)
    {
        var directory = Directory.CreateTempSubdirectory("azgw-demo-").FullName;
        File.WriteAllText(
            Path.Combine(directory, ManifestFile),
            ExampleManifests.WithBackendPort(ExampleManifests.Read(ExampleManifests.Agc), backendPort));
        File.WriteAllText(Path.Combine(directory, SecretsFile), Secrets(authority, frontend, gatewayClient));
        File.WriteAllText(Path.Combine(directory, CaFile), PemExport.Certificate(authority));
        return directory;
    }

    /// <summary>The Secrets the scenario references: listener certificate, gateway client certificate, backend CA.</summary>
    public static string Secrets(X509Certificate2 authority, X509Certificate2 frontend, X509Certificate2 gatewayClient) =>
        KubernetesManifests.Join(
            KubernetesManifests.TlsSecret(Namespace, "frontend.com", frontend),
            KubernetesManifests.TlsSecret(Namespace, "gateway-client-cert", gatewayClient),
            KubernetesManifests.CaSecret(Namespace, "ca.bundle", authority));
}
