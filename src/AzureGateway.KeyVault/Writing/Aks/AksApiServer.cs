using System.Security.Cryptography.X509Certificates;

namespace AzureGateway.KeyVault.Writing.Aks;

/// <summary>Where a cluster's API server is and the CA its serving certificate is verified against.</summary>
internal sealed record AksApiServer(Uri Server, X509Certificate2Collection CertificateAuthority);
