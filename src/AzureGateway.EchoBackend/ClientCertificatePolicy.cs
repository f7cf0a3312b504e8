using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AzureGateway.EchoBackend;

/// <summary>
/// Whether a client certificate is acceptable: with trusted authorities configured, it must be present and
/// chain to one of them (and only them, not the machine's store); without, anything goes.
/// </summary>
internal sealed class ClientCertificatePolicy(X509Certificate2Collection? trustedAuthorities)
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public X509ChainPolicy? ChainPolicy()
    {
        if (trustedAuthorities is null)
        {
            return null;
        }
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(trustedAuthorities);
        policy.ApplicationPolicy.Add(ClientAuthentication);
        return policy;
    }

    public bool Accepts(SslPolicyErrors errors) => trustedAuthorities is null || errors == SslPolicyErrors.None;
}
