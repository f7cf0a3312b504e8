using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AzureGateway.Certificates;
using AzureGateway.IR;

namespace AzureGateway.DataPlane.Backends;

/// <summary>
/// Decides whether a backend's certificate is acceptable under an <see cref="UpstreamTlsIr"/>. Skipped only when
/// a resource opted out explicitly (<c>InsecureSkipVerify</c>); otherwise the chain must lead to one of the configured CAs (the machine's store only with <c>UseSystemTrust</c>), and
/// then the name must match. Without subject alt names the SNI must be one of the certificate's DNS names;
/// with them, one listed name must be on the certificate and the SNI plays no part (the Gateway API rule
/// that <c>hostname</c> authenticates only when no <c>subjectAltNames</c> are given).
/// </summary>
internal sealed class BackendCertificateVerifier(UpstreamTlsIr tls, X509Certificate2Collection trustAnchors, TimeProvider time)
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>A fresh policy per handshake: SslStream builds the chain with it, at the current time.</summary>
    public X509ChainPolicy ChainPolicy()
    {
        var policy = new X509ChainPolicy
        {
            RevocationMode = X509RevocationMode.NoCheck,
            VerificationTime = time.GetUtcNow().UtcDateTime,
        };
        policy.ApplicationPolicy.Add(ServerAuthentication);
        if (!tls.UseSystemTrust)
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.AddRange(trustAnchors);
        }
        return policy;
    }

    /// <summary>Null when the certificate is acceptable, otherwise why not.</summary>
    public BackendFailure? Check(X509Certificate? presented, X509Chain? chain, SslPolicyErrors errors)
    {
        if (tls.InsecureSkipVerify)
        {
            return null;
        }
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return new BackendFailure(BackendFailureKind.UntrustedCa, "the backend presented no certificate");
        }
        using var certificate = new X509Certificate2(presented);
        // The name mismatch SslStream reports is computed against the SNI; it is replaced by the check below.
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            return ChainFailure(certificate, chain);
        }
        return NameFailure(certificate);
    }

    private static BackendFailure ChainFailure(X509Certificate2 certificate, X509Chain? chain) => ChainFaults.Of(chain) switch
    {
        (ChainFault.UntrustedCa, _) => new BackendFailure(BackendFailureKind.UntrustedCa,
            $"the backend certificate {certificate.Subject} (issuer {certificate.Issuer}) is not issued by a trusted CA"),
        (ChainFault.OutsideValidity, _) => new BackendFailure(BackendFailureKind.Expired,
            $"the backend certificate {certificate.Subject} is valid only from {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z to {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z"),
        (_, var details) => new BackendFailure(BackendFailureKind.UntrustedCa,
            $"the backend certificate {certificate.Subject} failed verification: {details}"),
    };

    private BackendFailure? NameFailure(X509Certificate2 certificate)
    {
        var names = SubjectAltNames.Of(certificate);
        if (tls.SubjectAltNames.Count == 0)
        {
            return names.DnsNames.Any(name => SubjectAltNames.DnsNameCovers(name, tls.Sni))
                ? null
                : new BackendFailure(BackendFailureKind.NameMismatch,
                    $"the backend certificate {certificate.Subject} is not valid for {tls.Sni} (it names {Describe(names)})");
        }
        foreach (var required in tls.SubjectAltNames)
        {
            var found = required.Type == SubjectAltNameType.Uri
                ? names.Uris.Contains(required.Value, StringComparer.Ordinal)
                : names.DnsNames.Any(name => SubjectAltNames.DnsNameCovers(name, required.Value));
            if (found)
            {
                return null;
            }
        }
        var wanted = string.Join(", ", tls.SubjectAltNames.Select(s => $"{s.Type} {s.Value}"));
        return new BackendFailure(BackendFailureKind.NameMismatch,
            $"the backend certificate {certificate.Subject} has none of the subject alt names {wanted} (it names {Describe(names)})");
    }

    private static string Describe(SubjectAltNames names)
    {
        var all = names.DnsNames.Select(n => $"DNS {n}").Concat(names.Uris.Select(u => $"URI {u}")).ToList();
        return all.Count == 0 ? "no DNS or URI names" : string.Join(", ", all);
    }
}
