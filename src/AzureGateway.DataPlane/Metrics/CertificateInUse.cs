using AzureGateway.IR;

namespace AzureGateway.DataPlane.Metrics;

/// <summary>One certificate a configuration uses, named by where it came from.</summary>
internal sealed record CertificateInUse(CertificateUsage Usage, string Source, string Subject, string Thumbprint, DateTimeOffset NotAfter)
{
    /// <summary>
    /// Every certificate <paramref name="ir"/> uses, once per usage and source: listeners' certificates and the CAs
    /// their clients' certificates must chain to, the client certificates and every CA of the trust bundles of usable
    /// clusters. Clusters that answer 500, and listeners that refuse every client, use no CA.
    /// </summary>
    public static IReadOnlyList<CertificateInUse> Of(GatewayIr ir)
    {
        var found = new HashSet<CertificateInUse>();
        foreach (var listener in ir.Ports.SelectMany(port => port.ListenerTls))
        {
            found.Add(FromIr(CertificateUsage.Listener, listener.Certificate));
            if (listener.ClientValidation is { RefuseAllBecause: null } validation)
            {
                found.UnionWith(validation.TrustedCertificates.Select(anchor => FromIr(CertificateUsage.ClientCa, anchor)));
            }
        }
        // Every anchor of a bundle is a CertificateIr of its own, with the facts the gauge needs: nothing is parsed here.
        foreach (var tls in ir.Clusters.Where(cluster => cluster.Failure is null).Select(cluster => cluster.Tls).OfType<UpstreamTlsIr>())
        {
            if (tls.ClientCertificate is { } client)
            {
                found.Add(FromIr(CertificateUsage.Client, client));
            }
            if (!tls.UseSystemTrust && !tls.InsecureSkipVerify)
            {
                found.UnionWith(tls.TrustedCertificates.Select(anchor => FromIr(CertificateUsage.TrustedCa, anchor)));
            }
        }
        return [.. found];
    }

    private static CertificateInUse FromIr(CertificateUsage usage, CertificateIr certificate) =>
        new(usage, certificate.Source, certificate.Subject, certificate.Thumbprint, certificate.NotAfter);
}
