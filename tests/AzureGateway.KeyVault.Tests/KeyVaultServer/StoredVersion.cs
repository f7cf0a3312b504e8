using System.Security.Cryptography.X509Certificates;

namespace AzureGateway.KeyVault.Tests.KeyVaultServer;

/// <summary>One version of a certificate held by the in-test Key Vault: the certificate with its key and chain, how its secret is kept (PEM or PKCS#12), and its attributes.</summary>
internal sealed record StoredVersion(string Version, X509Certificate2 Certificate, X509Certificate2[] Chain, DateTimeOffset NotBefore, DateTimeOffset Created, bool Pem)
{
    public bool Enabled { get; set; } = true;
}
