using System.Collections.Frozen;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Configuration;

/// <summary>
/// The CA bundles listeners verify client certificates against, each read once into the collection every handshake's
/// chain policy trusts. A bundle that did not change keeps its collection from the previous configuration, so a new
/// configuration costs no re-reading and handshakes keep sharing one collection.
/// </summary>
internal sealed class ClientCertificateAuthorities
{
    public const string NoneTrusted = "no trusted CA certificate is configured, so no client certificate can be verified";

    private readonly FrozenDictionary<Key, Result<X509Certificate2Collection>> _bundles;

    private ClientCertificateAuthorities(FrozenDictionary<Key, Result<X509Certificate2Collection>> bundles) => _bundles = bundles;

    public static ClientCertificateAuthorities Empty { get; } = new(FrozenDictionary<Key, Result<X509Certificate2Collection>>.Empty);

    public static ClientCertificateAuthorities Load(
        IEnumerable<ClientValidationIr> validations, ClientCertificateAuthorities previous, TrustAnchorCache trustAnchorCache)
    {
        var bundles = new Dictionary<Key, Result<X509Certificate2Collection>>();
        foreach (var validation in validations)
        {
            var key = Key.Of(validation);
            if (!bundles.ContainsKey(key))
            {
                bundles[key] = previous._bundles.TryGetValue(key, out var read) ? read : Read(validation.TrustedCertificates, trustAnchorCache);
            }
        }
        return new ClientCertificateAuthorities(bundles.ToFrozenDictionary());
    }

    /// <summary>The CAs of a validation passed to <see cref="Load"/>, or why they cannot be used.</summary>
    public Result<X509Certificate2Collection> Get(ClientValidationIr validation) => _bundles[Key.Of(validation)];

    private static Result<X509Certificate2Collection> Read(EquatableArray<CertificateIr> trusted, TrustAnchorCache trustAnchorCache)
    {
        var anchors = new X509Certificate2Collection();
        foreach (var ca in trusted)
        {
            var bundle = trustAnchorCache.Read(ca.CertificatePem);
            if (bundle.Error is not null)
            {
                return Result<X509Certificate2Collection>.Fail($"trusted CA {ca.Source}: {bundle.Error}");
            }
            anchors.AddRange(bundle.Value!.ToArray());
        }
        return anchors.Count == 0
            ? Result<X509Certificate2Collection>.Fail(NoneTrusted)
            : Result<X509Certificate2Collection>.Ok(anchors);
    }

    /// <summary>The PEM texts identify a bundle; where they came from does not.</summary>
    private readonly record struct Key(EquatableArray<string> Pems)
    {
        public static Key Of(ClientValidationIr validation) => new(validation.TrustedCertificates.Select(ca => ca.CertificatePem).ToArray());
    }
}
