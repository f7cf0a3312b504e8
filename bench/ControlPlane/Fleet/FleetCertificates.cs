using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;

namespace AzureGateway.Bench.ControlPlane.Fleet;

/// <summary>A certificate and its private key, PEM, as a <c>kubernetes.io/tls</c> Secret holds them.</summary>
public sealed record KeyPairPem(string CertificatePem, string PrivateKeyPem);

/// <summary>
/// Every certificate of the fleet, issued in-process: listener certificates from a frontend CA, client
/// certificates from a client CA, and one backend CA per team namespace (the CA its policies trust). Issuing
/// is not part of any measured figure.
/// </summary>
public sealed class FleetCertificates : IDisposable
{
    private readonly CertificateAuthority _frontendCa;
    private readonly CertificateAuthority _clientCa;

    /// <summary>Listener and client certificates by Secret (namespace, name).</summary>
    public IReadOnlyDictionary<(string Namespace, string Name), KeyPairPem> TlsSecrets { get; }

    /// <summary>The backend CA's certificate PEM of each team namespace.</summary>
    public IReadOnlyDictionary<string, string> BackendCas { get; }

    private FleetCertificates(
        CertificateAuthority frontendCa, CertificateAuthority clientCa,
        IReadOnlyDictionary<(string, string), KeyPairPem> tlsSecrets, IReadOnlyDictionary<string, string> backendCas)
    {
        _frontendCa = frontendCa;
        _clientCa = clientCa;
        TlsSecrets = tlsSecrets;
        BackendCas = backendCas;
    }

    public static FleetCertificates Issue(FleetPlan plan, TimeProvider time)
    {
        var frontendCa = CertificateAuthority.Create("fleet-frontend-ca", time);
        var clientCa = CertificateAuthority.Create("fleet-client-ca", time);
        var secrets = new Dictionary<(string, string), KeyPairPem>();
        for (var gateway = 0; gateway < plan.Gateways; gateway++)
        {
            for (var listener = 0; listener < plan.HttpsListeners[gateway]; listener++)
            {
                using var certificate = frontendCa.IssueServer([FleetPlan.ListenerHostname(gateway, listener)]);
                secrets[(FleetPlan.InfrastructureNamespace, FleetPlan.ListenerSecret(gateway, listener))] = Export(certificate);
            }
            using var client = clientCa.IssueClient(FleetPlan.Gateway(gateway));
            secrets[(FleetPlan.InfrastructureNamespace, FleetPlan.GatewayClientSecret(gateway))] = Export(client);
        }
        for (var service = 0; service < plan.Services; service++)
        {
            if (plan.HasAlbPolicy(service))
            {
                using var client = clientCa.IssueClient($"{FleetPlan.Service(service)}-admin");
                secrets[(plan.NamespaceOfService(service), FleetPlan.AlbClientSecret(service))] = Export(client);
            }
        }
        var backendCas = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var team = 0; team < plan.Namespaces; team++)
        {
            using var ca = CertificateAuthority.Create($"{FleetPlan.Namespace(team)}-backend-ca", time);
            backendCas[FleetPlan.Namespace(team)] = PemExport.Certificate(ca.Certificate);
        }
        return new FleetCertificates(frontendCa, clientCa, secrets, backendCas);
    }

    /// <summary>A new client certificate from the same client CA: what a rotation puts in the Secret.</summary>
    public KeyPairPem IssueClient(string commonName)
    {
        using var certificate = _clientCa.IssueClient(commonName);
        return Export(certificate);
    }

    /// <summary>SHA-256 of the certificate in <paramref name="pair"/>, as the IR shows it.</summary>
    public static string Thumbprint(KeyPairPem pair)
    {
        using var certificate = X509Certificate2.CreateFromPem(pair.CertificatePem);
        return PemCertificates.Thumbprint(certificate);
    }

    private static KeyPairPem Export(X509Certificate2 certificate) =>
        new(PemExport.Certificate(certificate), PemExport.PrivateKey(certificate));

    public void Dispose()
    {
        _frontendCa.Dispose();
        _clientCa.Dispose();
    }
}
