using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;

namespace AzureGateway.DataPlane.Configuration;

/// <summary>
/// CA bundles parsed once per distinct PEM text during one configuration build. Thousands of clusters usually
/// trust a few dozen bundles, and parsing them was most of the time it took to apply a changed client
/// certificate to a large configuration (bench/ControlPlane).
/// </summary>
internal sealed class TrustAnchorCache
{
    private readonly Dictionary<string, Result<IReadOnlyList<X509Certificate2>>> _parsed = new(StringComparer.Ordinal);

    public Result<IReadOnlyList<X509Certificate2>> Read(string pem)
    {
        if (!_parsed.TryGetValue(pem, out var bundle))
        {
            bundle = PemCertificates.ReadBundle(pem);
            _parsed[pem] = bundle;
        }
        return bundle;
    }
}
