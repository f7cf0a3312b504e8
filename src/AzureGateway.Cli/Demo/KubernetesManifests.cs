using System.Security.Cryptography.X509Certificates;
using System.Text;
using AzureGateway.Certificates;

namespace AzureGateway.Cli.Demo;

/// <summary>
/// Secrets and ConfigMaps holding certificates, written as YAML a person can read: PEM in <c>stringData</c> /
/// <c>data</c> literal blocks rather than base64.
/// </summary>
public static class KubernetesManifests
{
    /// <summary>A <c>kubernetes.io/tls</c> Secret: the certificate (then <paramref name="chain"/>) and its private key.</summary>
    public static string TlsSecret(string @namespace, string name, X509Certificate2 certificate, params X509Certificate2[] chain) =>
        Document("Secret", @namespace, name, "type: kubernetes.io/tls\nstringData:\n",
            ("tls.crt", PemExport.CertificateWithChain(certificate, chain)),
            ("tls.key", PemExport.PrivateKey(certificate)));

    /// <summary>An Opaque Secret whose <c>ca.crt</c> holds a CA bundle.</summary>
    public static string CaSecret(string @namespace, string name, params X509Certificate2[] authorities) =>
        Document("Secret", @namespace, name, "type: Opaque\nstringData:\n", ("ca.crt", Bundle(authorities)));

    /// <summary>A ConfigMap whose <c>ca.crt</c> holds a CA bundle.</summary>
    public static string CaConfigMap(string @namespace, string name, params X509Certificate2[] authorities) =>
        Document("ConfigMap", @namespace, name, "data:\n", ("ca.crt", Bundle(authorities)));

    /// <summary>Several documents as one multi-document file.</summary>
    public static string Join(params string[] documents) => string.Join("---\n", documents);

    private static string Bundle(IEnumerable<X509Certificate2> authorities) => string.Concat(authorities.Select(PemExport.Certificate));

    private static string Document(string kind, string @namespace, string name, string header, params (string Key, string Pem)[] entries)
    {
        var text = new StringBuilder()
            .Append($"apiVersion: v1\nkind: {kind}\nmetadata:\n  name: {name}\n  namespace: {@namespace}\n")
            .Append(header);
        foreach (var (key, pem) in entries)
        {
            // A literal block keeps the PEM's lines; PEM never holds characters YAML would read differently.
            text.Append($"  {key}: |\n");
            foreach (var line in pem.TrimEnd('\n').Split('\n'))
            {
                text.Append("    ").Append(line).Append('\n');
            }
        }
        return text.ToString();
    }
}
