using System.Collections.Frozen;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Configuration;

/// <summary>
/// The certificates (with keys) a configuration presents, loaded once into the form TLS handshakes use:
/// the certificate, its key and the chain that follows it in the PEM. A certificate that did not change
/// keeps its context from the previous configuration, so a new configuration costs no reloading.
/// </summary>
internal sealed class CertificateContexts
{
    private readonly FrozenDictionary<Key, Result<SslStreamCertificateContext>> _contexts;

    private CertificateContexts(FrozenDictionary<Key, Result<SslStreamCertificateContext>> contexts) => _contexts = contexts;

    public static CertificateContexts Empty { get; } = new(FrozenDictionary<Key, Result<SslStreamCertificateContext>>.Empty);

    public static CertificateContexts Load(IEnumerable<CertificateIr> certificates, CertificateContexts previous)
    {
        var contexts = new Dictionary<Key, Result<SslStreamCertificateContext>>();
        foreach (var certificate in certificates)
        {
            var key = Key.Of(certificate);
            if (!contexts.ContainsKey(key))
            {
                contexts[key] = previous._contexts.TryGetValue(key, out var loaded) ? loaded : Create(certificate);
            }
        }
        return new CertificateContexts(contexts.ToFrozenDictionary());
    }

    /// <summary>The context of a certificate passed to <see cref="Load"/>, or why it cannot be used.</summary>
    public Result<SslStreamCertificateContext> Get(CertificateIr certificate) => _contexts[Key.Of(certificate)];

    private static Result<SslStreamCertificateContext> Create(CertificateIr certificate)
    {
        if (certificate.PrivateKeyPem is null)
        {
            return Result<SslStreamCertificateContext>.Fail($"{certificate.Source} has no private key");
        }
        var withKey = PemCertificates.ReadWithKey(certificate.CertificatePem, certificate.PrivateKeyPem);
        if (withKey.Error is not null)
        {
            return Result<SslStreamCertificateContext>.Fail($"{certificate.Source}: {withKey.Error}");
        }
        var bundle = PemCertificates.ReadBundle(certificate.CertificatePem).Value!;
        bundle[0].Dispose();
        var chain = new X509Certificate2Collection(bundle.Skip(1).ToArray());
        // offline: the chain is taken from the PEM as given; nothing is fetched while loading configuration.
        return Result<SslStreamCertificateContext>.Ok(SslStreamCertificateContext.Create(withKey.Value!, chain, offline: true));
    }

    /// <summary>The certificate, its chain and its key identify a context; where it came from does not.</summary>
    private readonly record struct Key(string Thumbprint, string CertificatePem, string? PrivateKeyPem)
    {
        public static Key Of(CertificateIr certificate) =>
            new(certificate.Thumbprint, certificate.CertificatePem, certificate.PrivateKeyPem);

        // Hashing the PEM texts of ten thousand clusters' certificates on every build was measurable; the
        // thumbprint already tells certificates apart, and equality still compares everything.
        public override int GetHashCode() => Thumbprint.GetHashCode(StringComparison.Ordinal);
    }
}
